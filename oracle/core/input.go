package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// doc is one object of the input: a YAML/JSON document, or one item of a `kind: List`.
type doc struct {
	File  string
	Index int    // document index in the file (0-based)
	Item  int    // item index in a List, -1 otherwise
	Raw   []byte // the document as written (YAML or JSON); for List items, JSON
	JSON  map[string]any
	Err   error // the document could not be read as YAML at all
}

// readPaths reads files and directories like svcplay (directories: *.yaml, *.yml, *.json,
// recursively, sorted; "-" or nothing: stdin).
func readPaths(paths []string, stdin io.Reader) ([]doc, error) {
	if len(paths) == 0 {
		paths = []string{"-"}
	}
	var docs []doc
	for _, p := range paths {
		if p == "-" {
			b, err := io.ReadAll(stdin)
			if err != nil {
				return nil, err
			}
			docs = append(docs, splitDocs("-", b)...)
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			return nil, usageError{fmt.Sprintf("cannot read %s: %v", p, err)}
		}
		var files []string
		if st.IsDir() {
			filepath.Walk(p, func(f string, info os.FileInfo, err error) error {
				if err == nil && !info.IsDir() {
					switch filepath.Ext(f) {
					case ".yaml", ".yml", ".json":
						files = append(files, f)
					}
				}
				return nil
			})
			sort.Strings(files)
		} else {
			files = []string{p}
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, usageError{fmt.Sprintf("cannot read %s: %v", f, err)}
			}
			docs = append(docs, splitDocs(f, b)...)
		}
	}
	return docs, nil
}

// splitDocs splits a YAML stream at `---` (apimachinery's YAML reader, as kubectl does) and
// flattens `kind: List`.
func splitDocs(file string, b []byte) []doc {
	var out []doc
	r := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(b)))
	for i := 0; ; i++ {
		raw, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			out = append(out, doc{File: file, Index: i, Item: -1, Err: err})
			break
		}
		if len(bytes.TrimSpace(stripComments(raw))) == 0 {
			i--
			continue
		}
		d := doc{File: file, Index: i, Item: -1, Raw: raw}
		var m map[string]any
		if err := yaml.Unmarshal(raw, &m); err != nil {
			d.Err = err
			out = append(out, d)
			continue
		}
		if m == nil {
			i--
			continue
		}
		d.JSON = m
		if kind, _ := m["kind"].(string); strings.HasSuffix(kind, "List") && m["items"] != nil {
			items, _ := m["items"].([]any)
			for j, it := range items {
				ib, _ := json.Marshal(it)
				im, _ := it.(map[string]any)
				out = append(out, doc{File: file, Index: i, Item: j, Raw: ib, JSON: im})
			}
			continue
		}
		out = append(out, d)
	}
	return out
}

func stripComments(b []byte) []byte {
	var out []byte
	for _, line := range bytes.Split(b, []byte("\n")) {
		t := bytes.TrimSpace(line)
		if len(t) > 0 && t[0] == '#' {
			continue
		}
		out = append(out, line...)
		out = append(out, '\n')
	}
	return out
}

// engineOutput is `svcplay check --format json`.
type engineOutput struct {
	Objects []struct {
		Kind      string         `json:"kind"`
		Namespace string         `json:"namespace"`
		Name      string         `json:"name"`
		Valid     bool           `json:"valid"`
		Simulated bool           `json:"simulated"`
		Object    map[string]any `json:"object"`
	} `json:"objects"`
	Diagnostics []struct {
		Severity string `json:"severity"`
		Code     string `json:"code"`
		Object   string `json:"object"`
		Field    string `json:"field"`
	} `json:"diagnostics"`
}

func readEngine(path string) (*engineOutput, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usageError{fmt.Sprintf("cannot read %s: %v", path, err)}
	}
	var e engineOutput
	if err := json.Unmarshal(b, &e); err != nil {
		return nil, usageError{fmt.Sprintf("%s is not svcplay check JSON: %v", path, err)}
	}
	return &e, nil
}

// k8s-oracle: the Service Playground's `svcplay` commands answered by upstream Kubernetes code
// (k8s.io/kubernetes, k8s.io/apimachinery, k8s.io/endpointslice) used as dependencies.
//
//	k8s-oracle select -l SELECTOR [--engine FILE] [--format json] [PATH...]
//	k8s-oracle check [--engine FILE] [--format json] [PATH...]
//	k8s-oracle world --engine FILE                       (stored objects + controller output)
//	k8s-oracle trace --from SRC --to IP:PORT [--protocol P] (--engine FILE | --world FILE)
//	k8s-oracle kubeadm PATH...                           (what kubeadm makes of a stated ClusterConfiguration)
//	k8s-oracle batch                                     (JSON requests on stdin, one per line)
//
// --engine FILE is `svcplay check --format json` output: downstream commands then start from the
// engine's own stored objects (incl. simulated pods), so a disagreement points at one stage.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"k8s.io/klog/v2"
)

const usage = `usage:
  k8s-oracle select -l SELECTOR [--engine FILE] [--format json] [PATH...]
  k8s-oracle check  [--engine FILE] [--format json] [PATH...]
  k8s-oracle world  --engine FILE [--format json]
  k8s-oracle trace  --from SOURCE --to IP:PORT [--protocol TCP|UDP|SCTP] (--engine FILE | --world FILE)
  k8s-oracle batch  < requests.jsonl`

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	klog.SetOutput(io.Discard)
	klog.LogToStderr(false)
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, usage)
		os.Exit(2)
	}
	if os.Args[1] == "batch" {
		runBatch(os.Stdin, os.Stdout)
		return
	}
	out, code, err := run(os.Args[1], os.Args[2:], os.Stdin)
	if err != nil {
		fmt.Fprintf(os.Stderr, "k8s-oracle: %v\n\n%s\n", err, usage)
		os.Exit(2)
	}
	writeJSON(os.Stdout, out)
	os.Exit(code)
}

// run executes one command and returns its JSON answer and exit code.
func run(cmd string, argv []string, stdin io.Reader) (any, int, error) {
	switch cmd {
	case "select":
		return cmdSelect(argv, stdin)
	case "check":
		return cmdCheck(argv, stdin)
	case "world":
		return cmdWorld(argv, stdin)
	case "trace":
		return cmdTrace(argv, stdin)
	case "docs":
		return cmdDocs(argv, stdin)
	case "kubeadm":
		docs, err := readPaths(argv, stdin)
		if err != nil {
			return nil, 2, err
		}
		return map[string]any{"stated": kubeadmSettings(docs)}, 0, nil
	case "version":
		return map[string]any{"kubernetesMinor": kubernetesMinor()}, 0, nil
	}
	return nil, 2, usageError{fmt.Sprintf("unknown command %q", cmd)}
}

// runBatch answers {"cmd": "...", "args": [...]} lines with {"code": N, "out": ..., "error": "..."}.
func runBatch(in io.Reader, w io.Writer) {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	bw := bufio.NewWriter(w)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var req struct {
			Cmd  string   `json:"cmd"`
			Args []string `json:"args"`
		}
		resp := map[string]any{}
		if err := json.Unmarshal([]byte(line), &req); err != nil {
			resp["code"], resp["error"] = 2, err.Error()
		} else {
			func() {
				defer func() {
					if r := recover(); r != nil {
						resp["code"], resp["error"] = 3, fmt.Sprintf("panic: %v", r)
					}
				}()
				out, code, err := run(req.Cmd, req.Args, strings.NewReader(""))
				resp["code"], resp["out"] = code, out
				if err != nil {
					resp["code"], resp["error"] = 2, err.Error()
				}
			}()
		}
		b, _ := json.Marshal(resp)
		bw.Write(b)
		bw.WriteString("\n")
		bw.Flush()
	}
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// args is a small flag parser in svcplay's style: flags with values, then positional PATHs.
type args struct {
	flags      map[string]string
	positional []string
}

func parseArgs(argv []string, valueFlags ...string) (*args, error) {
	a := &args{flags: map[string]string{}}
	isValue := map[string]bool{"--format": true}
	for _, f := range valueFlags {
		isValue[f] = true
	}
	for i := 0; i < len(argv); i++ {
		s := argv[i]
		name, inline, hasInline := s, "", false
		if strings.HasPrefix(s, "--") {
			if k, v, ok := strings.Cut(s, "="); ok {
				name, inline, hasInline = k, v, true
			}
		}
		if isValue[name] {
			if !hasInline {
				if i+1 >= len(argv) {
					return nil, usageError{name + " needs a value"}
				}
				i++
				inline = argv[i]
			}
			a.flags[name] = inline
		} else if strings.HasPrefix(s, "-") && s != "-" {
			return nil, usageError{fmt.Sprintf("unknown option %q", s)}
		} else {
			a.positional = append(a.positional, s)
		}
	}
	return a, nil
}

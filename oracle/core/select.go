package main

import (
	"io"
	"sort"

	"k8s.io/apimachinery/pkg/labels"
)

type podRef struct {
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
}

// cmdSelect: `kubectl get pods -A -l SELECTOR` — the API server parses the selector with
// labels.Parse (metav1 Convert_string_To_labels_Selector) and matches each pod's labels.
func cmdSelect(argv []string, stdin io.Reader) (any, int, error) {
	a, err := parseArgs(argv, "-l", "--selector", "--engine")
	if err != nil {
		return nil, 2, err
	}
	text, ok := a.flags["-l"]
	if !ok {
		text, ok = a.flags["--selector"]
	}
	if !ok {
		return nil, 2, usageError{"select needs -l SELECTOR"}
	}
	sel, err := labels.Parse(text)
	if err != nil {
		return nil, 2, usageError{"bad selector: " + err.Error()}
	}
	type pod struct {
		ref    podRef
		labels map[string]string
	}
	var pods []pod
	if e := a.flags["--engine"]; e != "" {
		eng, err := readEngine(e)
		if err != nil {
			return nil, 2, err
		}
		for _, o := range eng.Objects {
			if o.Kind == "Pod" && o.Valid {
				pods = append(pods, pod{podRef{o.Namespace, o.Name}, stringMap(dig(o.Object, "metadata", "labels"))})
			}
		}
	} else {
		docs, err := readPaths(a.positional, stdin)
		if err != nil {
			return nil, 2, err
		}
		for _, d := range docs {
			if d.JSON == nil || d.JSON["kind"] != "Pod" {
				continue
			}
			ns, _ := dig(d.JSON, "metadata", "namespace").(string)
			if ns == "" {
				ns = "default"
			}
			name, _ := dig(d.JSON, "metadata", "name").(string)
			pods = append(pods, pod{podRef{ns, name}, stringMap(dig(d.JSON, "metadata", "labels"))})
		}
	}
	out := []podRef{}
	for _, p := range pods {
		if sel.Matches(labels.Set(p.labels)) {
			out = append(out, p.ref)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Namespace != out[j].Namespace {
			return out[i].Namespace < out[j].Namespace
		}
		return out[i].Name < out[j].Name
	})
	return map[string]any{"pods": out, "selector": sel.String()}, 0, nil
}

func dig(m any, path ...string) any {
	for _, p := range path {
		mm, ok := m.(map[string]any)
		if !ok {
			return nil
		}
		m = mm[p]
	}
	return m
}

func stringMap(v any) map[string]string {
	out := map[string]string{}
	if m, ok := v.(map[string]any); ok {
		for k, x := range m {
			if s, ok := x.(string); ok {
				out[k] = s
			}
		}
	}
	return out
}

// cmdDocs prints the input's documents as JSON (the harness mutates and shrinks them).
func cmdDocs(argv []string, stdin io.Reader) (any, int, error) {
	a, err := parseArgs(argv)
	if err != nil {
		return nil, 2, err
	}
	docs, err := readPaths(a.positional, stdin)
	if err != nil {
		return nil, 2, err
	}
	out := []any{}
	for _, d := range docs {
		if d.JSON != nil {
			out = append(out, d.JSON)
		}
	}
	return map[string]any{"docs": out}, 0, nil
}

package policy

import (
	"fmt"
	"io"
	"os"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// maxYAMLBytes bounds the size of a configuration or waiver file.
const maxYAMLBytes = 4 << 20

// maxYAMLNodes bounds the nodes of a configuration or waiver file once its aliases are expanded:
// a "billion laughs" file of a few hundred bytes stands for 10⁹ nodes.
const maxYAMLNodes = 100_000

// readBounded reads a configuration or waiver file of at most maxYAMLBytes.
func readBounded(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxYAMLBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxYAMLBytes {
		return nil, fmt.Errorf("larger than %d MiB", maxYAMLBytes>>20)
	}
	return data, nil
}

// unmarshalYAML decodes a configuration or waiver file: one YAML document whose aliases expand
// to at most maxYAMLNodes nodes; unknown keys are errors.
func unmarshalYAML(data []byte, v any) error {
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return err
	}
	docs := 0
	for _, d := range f.Docs {
		if d.Body != nil {
			docs++
		}
	}
	if docs > 1 {
		return fmt.Errorf("the file holds %d YAML documents; one is expected", docs)
	}
	x := expansion{anchors: map[string]int{}}
	for _, d := range f.Docs {
		if d.Body != nil {
			if n := x.size(d.Body); n > maxYAMLNodes {
				return fmt.Errorf("its aliases expand to more than %d nodes (an alias bomb?)", maxYAMLNodes)
			}
		}
	}
	return yaml.UnmarshalWithOptions(data, v, yaml.DisallowUnknownField())
}

// expansion counts the nodes of a YAML tree with every alias replaced by its anchor's value,
// in document order (an alias refers to the latest anchor of its name); counts stop growing
// past maxYAMLNodes.
type expansion struct{ anchors map[string]int }

func (x *expansion) size(n ast.Node) int {
	add := func(a, b int) int { return min(a+b, maxYAMLNodes+1) }
	switch n := n.(type) {
	case nil:
		return 0
	case *ast.AnchorNode:
		s := x.size(n.Value)
		if n.Name != nil {
			x.anchors[n.Name.GetToken().Value] = s
		}
		return s
	case *ast.AliasNode:
		if n.Value == nil {
			return 1
		}
		return add(1, x.anchors[n.Value.GetToken().Value])
	case *ast.MappingNode:
		s := 1
		for _, v := range n.Values {
			s = add(s, x.size(v))
		}
		return s
	case *ast.MappingValueNode:
		return add(x.size(n.Key), x.size(n.Value))
	case *ast.MappingKeyNode:
		return add(1, x.size(n.Value))
	case *ast.SequenceNode:
		s := 1
		for _, v := range n.Values {
			s = add(s, x.size(v))
		}
		return s
	case *ast.TagNode:
		return add(1, x.size(n.Value))
	}
	return 1
}

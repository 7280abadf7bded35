package policy

import (
	"os"

	"github.com/goccy/go-yaml"
)

// readBounded reads a configuration or waiver file.
func readBounded(path string) ([]byte, error) {
	return os.ReadFile(path)
}

// unmarshalYAML decodes a configuration or waiver file; unknown keys are errors.
func unmarshalYAML(data []byte, v any) error {
	return yaml.UnmarshalWithOptions(data, v, yaml.DisallowUnknownField())
}

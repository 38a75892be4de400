package format

import (
	"bytes"
	"encoding/json"
)

// JSON is a machine output's encoding: indented by two spaces, with a
// final newline.
func JSON(doc any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

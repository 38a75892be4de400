package markdown

import (
	"io"

	"github.com/statusgen/statusgen/generator/sitefs"
)

// ReadSource reads path, a Markdown file of the site whose folder is root,
// as sitefs allows (no link out of the site, nothing but a regular file).
// A file over MaxMarkdownBytes is refused from its size, before it is
// read, whether it is reached through a link or not. The error's message
// is the diagnostic to report at the file.
func ReadSource(root, path string) ([]byte, error) {
	f, err := sitefs.OpenSiteFile(root, path)
	if err != nil {
		return nil, &sourceError{sitefs.ReadProblem(err), err}
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Size() > MaxMarkdownBytes {
		return nil, TooLarge(info.Size())
	}
	src, err := io.ReadAll(io.LimitReader(f, MaxMarkdownBytes+1))
	if err != nil {
		return nil, &sourceError{sitefs.ReadProblem(err), err}
	}
	if len(src) > MaxMarkdownBytes { // grew while it was read
		return nil, TooLarge(int64(len(src)))
	}
	return src, nil
}

// sourceError is a file that could not be read, with the message to show.
type sourceError struct {
	msg string
	err error
}

func (e *sourceError) Error() string { return e.msg }
func (e *sourceError) Unwrap() error { return e.err }

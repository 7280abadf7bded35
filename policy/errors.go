package policy

import "errors"

// InvalidError says that a policy, configuration or waiver file is invalid, or that a policy
// failed while it was evaluated (a builtin error under strict evaluation): the gate cannot judge
// (plangate exit 13).
type InvalidError struct{ Err error }

func (e *InvalidError) Error() string { return e.Err.Error() }
func (e *InvalidError) Unwrap() error { return e.Err }

func invalid(err error) error {
	if err == nil || IsInvalid(err) {
		return err
	}
	return &InvalidError{Err: err}
}

// IsInvalid reports whether err says that a policy, configuration or waiver file is invalid.
func IsInvalid(err error) bool {
	var ie *InvalidError
	return errors.As(err, &ie)
}

package policy

// Level is the one place a finding takes in the summary and in every report format: what it does
// to the run. Each finding has exactly one level.
type Level string

// Levels, from the one that fails a run to a pass.
const (
	// LevelDeny fails the run: a denied finding, the value known now or only after apply.
	LevelDeny Level = "deny"
	// LevelWarn is a failing finding that does not fail the run.
	LevelWarn Level = "warn"
	// LevelUnknown is a finding whose deciding value is known only after apply and that does not
	// deny.
	LevelUnknown Level = "unknown"
	// LevelInfo is a failing finding the configuration turned into information.
	LevelInfo Level = "info"
	// LevelWaived is a finding a waiver suppresses.
	LevelWaived Level = "waived"
	// LevelPass is a pass.
	LevelPass Level = "pass"
)

// Levels lists every level, most severe first.
var Levels = []Level{LevelDeny, LevelWarn, LevelUnknown, LevelInfo, LevelWaived, LevelPass}

// Level maps a finding's status and decision to its level.
func (f Finding) Level() Level {
	switch {
	case f.Decision == Waived:
		return LevelWaived
	case f.Status == Pass:
		return LevelPass
	case f.Decision == Deny:
		return LevelDeny
	case f.Status == Unknown:
		return LevelUnknown
	case f.Decision == Warn:
		return LevelWarn
	}
	return LevelInfo
}

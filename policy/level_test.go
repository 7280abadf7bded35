package policy

import "testing"

// TestSummaryCountsEveryFindingOnce: every finding has exactly one level, and the summary counts
// each finding once, info included (before, info findings were counted nowhere and a denied
// unknown was counted twice).
func TestSummaryCountsEveryFindingOnce(t *testing.T) {
	cfg, err := ParseConfig("c.yaml", []byte("severity_actions: {medium: info, low: info}\nunknown: deny\n"))
	if err != nil {
		t.Fatal(err)
	}
	res := check(t, readPlan(t, "supplychain_pipeline.json"), CheckOptions{Config: cfg})
	levels := map[Level]int{}
	for _, f := range res.Findings {
		levels[f.Level()]++
	}
	if levels[LevelInfo] == 0 || levels[LevelDeny] == 0 {
		t.Fatalf("the fixture should give info and denied findings: %v", levels)
	}
	s := res.Summary
	if got := s.Deny + s.Warn + s.Unknown + s.Info + s.Waived + s.Pass; got != len(res.Findings) {
		t.Errorf("summary %+v counts %d findings, the result has %d", s, got, len(res.Findings))
	}
	want := Summary{Deny: levels[LevelDeny], Warn: levels[LevelWarn], Unknown: levels[LevelUnknown],
		Info: levels[LevelInfo], Waived: levels[LevelWaived], Pass: levels[LevelPass]}
	if s != want {
		t.Errorf("summary %+v, levels %+v", s, want)
	}
}

func TestLevel(t *testing.T) {
	cases := []struct {
		st   Status
		d    Decision
		want Level
	}{
		{Fail, Deny, LevelDeny},
		{Unknown, Deny, LevelDeny},
		{Fail, Warn, LevelWarn},
		{Unknown, Warn, LevelUnknown},
		{Unknown, Info, LevelUnknown},
		{Fail, Info, LevelInfo},
		{Fail, Waived, LevelWaived},
		{Unknown, Waived, LevelWaived},
		{Pass, Passed, LevelPass},
	}
	for _, c := range cases {
		if got := (Finding{Status: c.st, Decision: c.d}).Level(); got != c.want {
			t.Errorf("%s/%s: level %s, want %s", c.st, c.d, got, c.want)
		}
	}
}

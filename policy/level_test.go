package policy

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"testing"
)

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

// TestSortFindingsIsTheStableOrder: findings are ordered by decision, severity, rule, address
// and message, and findings equal in all five keep their input order (told apart here by File),
// as a stable sort on those keys leaves them.
func TestSortFindingsIsTheStableOrder(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	pick := func(s ...string) string { return s[rnd.IntN(len(s))] }
	for _, n := range []int{0, 1, 2, 17, 400, 3000} {
		fs := make([]Finding, n)
		for i := range fs {
			fs[i] = Finding{Decision: Decision(pick("deny", "warn", "info", "waived", "pass")),
				Severity: Severity(pick("critical", "high", "medium", "low", "")),
				RuleID:   pick("SC-A", "SC-B"), Address: pick("a", "b", ""), Message: pick("m", "n"),
				File: strconv.Itoa(i)}
		}
		want := slices.Clone(fs)
		sort.SliceStable(want, func(i, j int) bool {
			a, b := want[i], want[j]
			if a.Decision != b.Decision {
				return decisionRank(a.Decision) > decisionRank(b.Decision)
			}
			if a.Severity.Rank() != b.Severity.Rank() {
				return a.Severity.Rank() > b.Severity.Rank()
			}
			if a.RuleID != b.RuleID {
				return a.RuleID < b.RuleID
			}
			if a.Address != b.Address {
				return a.Address < b.Address
			}
			return a.Message < b.Message
		})
		sortFindings(fs)
		if !reflect.DeepEqual(fs, want) {
			t.Fatalf("%d findings: sortFindings differs from the stable sort", n)
		}
	}
}

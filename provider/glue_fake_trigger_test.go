package provider_test

import (
	"net/http"
	"regexp"
	"slices"

	"github.com/nexabrands/supplychain/provider/internal/validate"
)

// The trigger part of fakeGlue. Every trigger request is decoded strictly into the operation's
// input shape, restricted to the fields supplychain_etl_schedule sends (a Description, Tags or
// WorkflowName would fail the test), and checked the way Glue would: a trigger name; a type of
// SCHEDULED (a valid cron Schedule, no Predicate) or CONDITIONAL (a Predicate of conditions
// `JobName EQUALS SUCCEEDED`, AND when there are several; no Schedule); actions and conditions
// naming jobs that exist on the server; no job both a condition and an action of one trigger
// (Glue's "Job cannot be a Predicate and Action"); an UpdateTrigger that matches the trigger's
// type and has no Name (reserved); StartTrigger only on a trigger that is not ACTIVATED and
// StopTrigger only on an ACTIVATED one (Glue refuses StopTrigger in state CREATED). A missing
// trigger answers EntityNotFoundException, as Glue does, DeleteTrigger included.

type fakeCondition struct {
	LogicalOperator string `json:"LogicalOperator"`
	JobName         string `json:"JobName"`
	State           string `json:"State"`
}

type fakePredicate struct {
	Logical    string          `json:"Logical,omitempty"`
	Conditions []fakeCondition `json:"Conditions"`
}

type fakeAction struct {
	JobName string `json:"JobName"`
}

// fakeTrigger is the trigger as the server keeps it and as GetTrigger returns it.
type fakeTrigger struct {
	Name      string         `json:"Name"`
	Type      string         `json:"Type"`
	State     string         `json:"State"`
	Schedule  *string        `json:"Schedule,omitempty"`
	Predicate *fakePredicate `json:"Predicate,omitempty"`
	Actions   []fakeAction   `json:"Actions"`
}

var fakeTriggerName = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,255}$`)

func notFound(what string) *glueError {
	return &glueError{http.StatusBadRequest, "EntityNotFoundException", what + " not found"}
}

// trigger returns a copy of a stored trigger (nil when absent).
func (f *fakeGlue) trigger(name string) *fakeTrigger {
	f.mu.Lock()
	defer f.mu.Unlock()
	t, ok := f.triggers[name]
	if !ok {
		return nil
	}
	c := *t
	c.Actions = slices.Clone(t.Actions)
	if t.Predicate != nil {
		p := *t.Predicate
		p.Conditions = slices.Clone(t.Predicate.Conditions)
		c.Predicate = &p
	}
	return &c
}

// changeTrigger edits a stored trigger out of band.
func (f *fakeGlue) changeTrigger(name string, edit func(*fakeTrigger)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t, ok := f.triggers[name]
	if !ok {
		f.t.Fatalf("fake Glue: no trigger %s to change", name)
	}
	edit(t)
}

// triggerJobs returns the action job names of a trigger, and those of its conditions.
func triggerJobs(t *fakeTrigger) (actions, after []string) {
	for _, a := range t.Actions {
		actions = append(actions, a.JobName)
	}
	if t.Predicate != nil {
		for _, c := range t.Predicate.Conditions {
			after = append(after, c.JobName)
		}
	}
	slices.Sort(actions)
	slices.Sort(after)
	return actions, after
}

// checkTrigger checks a trigger's type, schedule, predicate and actions.
func (f *fakeGlue) checkTrigger(op string, t *fakeTrigger) *glueError {
	if len(t.Actions) == 0 {
		return f.invalid("%s %s: no Actions", op, t.Name)
	}
	var started []string
	for _, a := range t.Actions {
		if _, ok := f.jobs[a.JobName]; !ok {
			return notFound(op + " " + t.Name + ": action job " + a.JobName)
		}
		started = append(started, a.JobName)
	}
	switch t.Type {
	case "SCHEDULED":
		if t.Schedule == nil || validate.CronProblem(*t.Schedule) != "" {
			return f.invalid("%s %s: SCHEDULED needs a cron Schedule, got %v", op, t.Name, t.Schedule)
		}
		if t.Predicate != nil {
			return f.invalid("%s %s: a SCHEDULED trigger has no Predicate", op, t.Name)
		}
	case "CONDITIONAL":
		if t.Schedule != nil {
			return f.invalid("%s %s: a CONDITIONAL trigger has no Schedule", op, t.Name)
		}
		p := t.Predicate
		if p == nil || len(p.Conditions) == 0 {
			return f.invalid("%s %s: CONDITIONAL needs Predicate.Conditions", op, t.Name)
		}
		if len(p.Conditions) > 1 && p.Logical != "AND" && p.Logical != "ANY" {
			return f.invalid("%s %s: several conditions need Logical AND or ANY, got %q", op, t.Name, p.Logical)
		}
		for _, c := range p.Conditions {
			if c.LogicalOperator != "EQUALS" || c.State != "SUCCEEDED" {
				return f.invalid("%s %s: condition %+v is not JobName EQUALS SUCCEEDED", op, t.Name, c)
			}
			if _, ok := f.jobs[c.JobName]; !ok {
				return notFound(op + " " + t.Name + ": condition job " + c.JobName)
			}
			if slices.Contains(started, c.JobName) {
				return &glueError{http.StatusBadRequest, "InvalidInputException", "Job cannot be a Predicate and Action for Conditional Trigger"}
			}
		}
	default:
		return f.invalid("%s %s: Type %q is not one the schedule uses", op, t.Name, t.Type)
	}
	return nil
}

func (f *fakeGlue) triggerCall(op string, body []byte) (any, *glueError) {
	switch op {
	case "CreateTrigger":
		var in struct {
			Name            string
			Type            string
			Schedule        *string
			Predicate       *fakePredicate
			Actions         []fakeAction
			StartOnCreation bool
		}
		if e := f.decode(op, body, &in); e != nil {
			return nil, e
		}
		if !fakeTriggerName.MatchString(in.Name) {
			return nil, f.invalid("CreateTrigger: Name %q", in.Name)
		}
		t := &fakeTrigger{Name: in.Name, Type: in.Type, State: "CREATED", Schedule: in.Schedule, Predicate: in.Predicate, Actions: in.Actions}
		if e := f.checkTrigger(op, t); e != nil {
			return nil, e
		}
		if _, dup := f.triggers[in.Name]; dup {
			return nil, &glueError{http.StatusBadRequest, "AlreadyExistsException", "trigger " + in.Name + " already exists"}
		}
		if in.StartOnCreation {
			t.State = "ACTIVATED"
		}
		f.triggers[in.Name] = t
		return map[string]string{"Name": in.Name}, nil
	case "GetTrigger", "StartTrigger", "StopTrigger", "DeleteTrigger":
		var in struct{ Name string }
		if e := f.decode(op, body, &in); e != nil {
			return nil, e
		}
		t, ok := f.triggers[in.Name]
		if !ok {
			return nil, notFound("trigger " + in.Name)
		}
		switch op {
		case "GetTrigger":
			return map[string]any{"Trigger": t}, nil
		case "StartTrigger":
			if t.State == "ACTIVATED" {
				return nil, f.invalid("StartTrigger %s: already ACTIVATED", in.Name)
			}
			t.State = "ACTIVATED"
		case "StopTrigger":
			if t.State != "ACTIVATED" {
				return nil, &glueError{http.StatusBadRequest, "InvalidInputException", "The operation is not allowed when trigger is in state: " + t.State}
			}
			t.State = "DEACTIVATED"
		case "DeleteTrigger":
			delete(f.triggers, in.Name)
		}
		return map[string]string{"Name": in.Name}, nil
	case "UpdateTrigger":
		var in struct {
			Name          string
			TriggerUpdate *struct {
				Schedule  *string
				Predicate *fakePredicate
				Actions   []fakeAction
			}
		}
		if e := f.decode(op, body, &in); e != nil {
			return nil, e
		}
		old, ok := f.triggers[in.Name]
		if !ok {
			return nil, notFound("trigger " + in.Name)
		}
		if in.TriggerUpdate == nil {
			return nil, f.invalid("UpdateTrigger %s: no TriggerUpdate", in.Name)
		}
		u := in.TriggerUpdate
		t := &fakeTrigger{Name: in.Name, Type: old.Type, State: old.State, Schedule: u.Schedule, Predicate: u.Predicate, Actions: u.Actions}
		if e := f.checkTrigger(op, t); e != nil {
			return nil, e
		}
		f.triggers[in.Name] = t
		return map[string]any{"Trigger": t}, nil
	}
	return nil, f.invalid("operation %s is not a trigger call", op)
}

package glue

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	gluetypes "github.com/aws/aws-sdk-go-v2/service/glue/types"
)

// Trigger types the schedule uses.
const (
	TriggerScheduled   = string(gluetypes.TriggerTypeScheduled)
	TriggerConditional = string(gluetypes.TriggerTypeConditional)
)

// Trigger is one stage of a schedule as Glue holds it: a SCHEDULED trigger (Schedule set, no
// condition) or a CONDITIONAL one that fires when every job in After has SUCCEEDED. Jobs are the
// jobs it starts. Plain is false when Glue's trigger has anything the schedule does not manage
// (another logical operator, a condition on another state or on a crawler, action arguments): such
// a trigger does not run as the schedule says, whatever its job names.
type Trigger struct {
	Name     string
	Type     string
	Schedule string
	After    []string
	Jobs     []string
	State    string
	Plain    bool
}

// Active reports whether the trigger fires (or is about to).
func (t *Trigger) Active() bool {
	return t.State == string(gluetypes.TriggerStateActivated) || t.State == string(gluetypes.TriggerStateActivating)
}

// ErrTriggerNotFound is returned by GetTrigger when no trigger has the name.
var ErrTriggerNotFound = errors.New("trigger not found")

// settle bounds the wait for a trigger to leave a transitional state (CREATING, UPDATING,
// ACTIVATING, DEACTIVATING, DELETING).
const (
	settleTimeout  = 2 * time.Minute
	settleInterval = 2 * time.Second
)

func actions(jobs []string) []gluetypes.Action {
	out := make([]gluetypes.Action, len(jobs))
	for i, j := range jobs {
		out[i] = gluetypes.Action{JobName: aws.String(j)}
	}
	return out
}

// predicate is "every job in after SUCCEEDED".
func predicate(after []string) *gluetypes.Predicate {
	p := &gluetypes.Predicate{Logical: gluetypes.LogicalAnd}
	for _, j := range after {
		p.Conditions = append(p.Conditions, gluetypes.Condition{
			JobName: aws.String(j), LogicalOperator: gluetypes.LogicalOperatorEquals, State: gluetypes.JobRunStateSucceeded,
		})
	}
	return p
}

// CreateTrigger creates a trigger; start activates it at once (StartOnCreation).
func (c *Client) CreateTrigger(ctx context.Context, t Trigger, start bool) error {
	in := &glue.CreateTriggerInput{
		Name:            aws.String(t.Name),
		Type:            gluetypes.TriggerType(t.Type),
		Actions:         actions(t.Jobs),
		StartOnCreation: start,
	}
	if t.Type == TriggerScheduled {
		in.Schedule = aws.String(t.Schedule)
	} else {
		in.Predicate = predicate(t.After)
	}
	if _, err := c.Glue.CreateTrigger(ctx, in); err != nil {
		return err
	}
	return c.settle(ctx, t.Name)
}

// GetTrigger reads a trigger; ErrTriggerNotFound when it does not exist.
func (c *Client) GetTrigger(ctx context.Context, name string) (*Trigger, error) {
	out, err := c.Glue.GetTrigger(ctx, &glue.GetTriggerInput{Name: aws.String(name)})
	if err != nil {
		if IsNotFound(err) {
			return nil, ErrTriggerNotFound
		}
		return nil, err
	}
	if out.Trigger == nil {
		return nil, ErrTriggerNotFound
	}
	lt := out.Trigger
	t := &Trigger{
		Name: aws.ToString(lt.Name), Type: string(lt.Type), Schedule: aws.ToString(lt.Schedule),
		State: string(lt.State), Plain: true,
	}
	for _, a := range lt.Actions {
		if a.JobName == nil || a.CrawlerName != nil || len(a.Arguments) > 0 || a.Timeout != nil ||
			a.SecurityConfiguration != nil || a.NotificationProperty != nil {
			t.Plain = false
		}
		if a.JobName != nil {
			t.Jobs = append(t.Jobs, *a.JobName)
		}
	}
	if p := lt.Predicate; p != nil {
		if len(p.Conditions) > 1 && p.Logical != gluetypes.LogicalAnd {
			t.Plain = false
		}
		for _, cond := range p.Conditions {
			if cond.JobName == nil || cond.CrawlerName != nil || cond.State != gluetypes.JobRunStateSucceeded ||
				(cond.LogicalOperator != "" && cond.LogicalOperator != gluetypes.LogicalOperatorEquals) {
				t.Plain = false
			}
			if cond.JobName != nil {
				t.After = append(t.After, *cond.JobName)
			}
		}
	}
	if lt.EventBatchingCondition != nil || aws.ToString(lt.WorkflowName) != "" {
		t.Plain = false
	}
	return t, nil
}

// UpdateTrigger sets a trigger's jobs and its schedule (SCHEDULED) or condition (CONDITIONAL).
// Glue cannot change a trigger's type: the caller deletes and creates it instead.
func (c *Client) UpdateTrigger(ctx context.Context, t Trigger) error {
	u := &gluetypes.TriggerUpdate{Actions: actions(t.Jobs)}
	if t.Type == TriggerScheduled {
		u.Schedule = aws.String(t.Schedule)
	} else {
		u.Predicate = predicate(t.After)
	}
	if _, err := c.Glue.UpdateTrigger(ctx, &glue.UpdateTriggerInput{Name: aws.String(t.Name), TriggerUpdate: u}); err != nil {
		return err
	}
	return c.settle(ctx, t.Name)
}

// StartTrigger activates a trigger.
func (c *Client) StartTrigger(ctx context.Context, name string) error {
	if _, err := c.Glue.StartTrigger(ctx, &glue.StartTriggerInput{Name: aws.String(name)}); err != nil {
		return err
	}
	return c.settle(ctx, name)
}

// StopTrigger deactivates a trigger.
func (c *Client) StopTrigger(ctx context.Context, name string) error {
	if _, err := c.Glue.StopTrigger(ctx, &glue.StopTriggerInput{Name: aws.String(name)}); err != nil {
		return err
	}
	return c.settle(ctx, name)
}

// DeleteTrigger deletes a trigger and waits until it is gone; a trigger that is already gone is
// not an error.
func (c *Client) DeleteTrigger(ctx context.Context, name string) error {
	_, err := c.Glue.DeleteTrigger(ctx, &glue.DeleteTriggerInput{Name: aws.String(name)})
	if err != nil && !IsNotFound(err) {
		return err
	}
	err = c.settle(ctx, name)
	if errors.Is(err, ErrTriggerNotFound) {
		return nil
	}
	if err == nil {
		return fmt.Errorf("trigger %s still exists after DeleteTrigger", name)
	}
	return err
}

var transitional = []gluetypes.TriggerState{
	gluetypes.TriggerStateCreating, gluetypes.TriggerStateUpdating, gluetypes.TriggerStateActivating,
	gluetypes.TriggerStateDeactivating, gluetypes.TriggerStateDeleting,
}

// settle reads the trigger until it leaves a transitional state, within settleTimeout.
func (c *Client) settle(ctx context.Context, name string) error {
	deadline := time.Now().Add(settleTimeout)
	for {
		t, err := c.GetTrigger(ctx, name)
		if err != nil {
			return err
		}
		if !slices.Contains(transitional, gluetypes.TriggerState(t.State)) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("trigger %s still %s after %s", name, t.State, settleTimeout)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(settleInterval):
		}
	}
}

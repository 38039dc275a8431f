package main

import (
	"testing"

	"github.com/locklint/locklint/prove"
)

func TestWantsProve(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want bool
	}{
		{[]string{"./..."}, false},
		{[]string{"-prove", "./..."}, true},
		{[]string{"-prove=strict", "./..."}, true},
		{[]string{"--prove=on", "./..."}, true},
		{[]string{"-prove=off", "./..."}, false},
		{[]string{"-prove=false", "./..."}, false},
		{[]string{"-prove-dsn=x", "./..."}, true},
		{[]string{"--", "-prove"}, false},
	} {
		if got := wantsProve(tt.args); got != tt.want {
			t.Errorf("wantsProve(%q) = %v, want %v", tt.args, got, tt.want)
		}
	}
}

func TestStrictDropsNotReproduced(t *testing.T) {
	pv := &proofs{verdicts: map[proofKey]prove.Verdict{
		{"a.go:1:1", "range-lock"}:  {Outcome: prove.Reproduced},
		{"a.go:2:1", "range-lock"}:  {Outcome: prove.NotReproduced},
		{"a.go:3:1", "lock-order"}:  {Outcome: prove.NotProvable},
		{"a.go:4:1", "nested-lock"}: {Outcome: prove.NotReproduced},
	}}
	for _, strict := range []bool{false, true} {
		pv.strict = strict
		for k, v := range pv.verdicts {
			got, keep := pv.verdict(k.posn, k.rule)
			if got == nil || got.Outcome != v.Outcome {
				t.Errorf("%v: verdict %v, want %v", k, got, v)
			}
			if want := !strict || v.Outcome != prove.NotReproduced; keep != want {
				t.Errorf("strict=%v %v (%s): keep = %v, want %v", strict, k, v.Outcome, keep, want)
			}
		}
		if v, keep := pv.verdict("b.go:1:1", "ddl-lock"); v != nil || !keep {
			t.Errorf("a finding without a case: %v, %v; want no verdict, kept", v, keep)
		}
	}
	var none *proofs
	if v, keep := none.verdict("a.go:1:1", "range-lock"); v != nil || !keep {
		t.Errorf("without -prove: %v, %v; want no verdict, kept", v, keep)
	}
}

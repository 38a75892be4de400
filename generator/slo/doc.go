// Package slo is the arithmetic of service level objectives: it folds
// samples and events into exact per-segment totals and turns totals into
// the figures of SPEC section 4 (SLI, coverage, error budget, burn rates,
// alerts, state).
//
// It does no I/O and never reads the clock: callers pass samples in time
// order and say what "now" is. A Timeline cuts time at every boundary any
// figure needs (window edges, burn-rate spans, local midnights), so every
// window is a whole number of segments and sums over it are exact, while
// memory grows with the number of boundaries, not with the samples.
package slo

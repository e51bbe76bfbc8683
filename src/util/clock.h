/*
 * clock.h - the one monotonic clock of the program (issue 23: runner.c,
 * peers.c and main.c each had a copy of the same function).
 */
#ifndef HD_CLOCK_H
#define HD_CLOCK_H

/* Seconds since an arbitrary point, from CLOCK_MONOTONIC: deadlines and
 * durations that a change of the wall clock cannot move. */
double hd_now(void);

#endif

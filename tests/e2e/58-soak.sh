#!/bin/bash
# The soak test (tests/soak/run.sh) for GK_SOAK_SECONDS (default 20) in make check,
# run with the plain and the sanitized build like every e2e test.
SOAK_SECONDS=${GK_SOAK_SECONDS:-20} exec bash tests/soak/run.sh

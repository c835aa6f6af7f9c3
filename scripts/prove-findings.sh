#!/usr/bin/env bash
# Issue 11's proof: each of the nine findings' tests run against the old code (e847633), where
# they must fail for the finding's reason, and against this checkout, where they must pass.
# docs/issue-11-findings.md holds the table this script reproduces.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_findings \
#   REDIS_URL=redis://127.0.0.1:6379/7 MEDIA_ROOT=/tmp/media-findings \
#     bash scripts/prove-findings.sh [old|new|both] [finding numbers...]
#
# What it does for the old code:
#  1. a detached worktree of e847633 (OLD_TREE, default ../findings-old), bootstrapped (its .venv);
#  2. the finding tests and the helpers they need copied into it from TESTS_FROM (the commit
#     the adaptations were written against), then scripts/prove_findings/e847633.patch applied:
#     imports and fixture plumbing only (modules that moved, e847633's process names), read it;
#  3. pytest over each finding's tests, JUnit XML in OUT, one line per test printed:
#     outcome | test | first line of the failure.
# The old code's test database is DATABASE_URL's name + "_old". The fault tests start their own
# Redis and gunicorn: on FINDINGS_REDIS_PORTS (6390-6399) and FINDINGS_WEB_PORTS (8700-8709),
# the playlist tests' web server on FINDINGS_PLAYLIST_PORT (8721), see prove_findings/own_ports.py.
set -euo pipefail
cd "$(dirname "$0")/.."
HERE="$(pwd)"
OLD_COMMIT=e847633
TESTS_FROM="${TESTS_FROM:-ced1f1a}"
OLD_TREE="${OLD_TREE:-$(dirname "$HERE")/findings-old}"
OUT="${OUT:-/tmp/prove-findings}"
WHICH="${1:-both}"
shift || true
FINDINGS=("$@")
[ "${#FINDINGS[@]}" -gt 0 ] || FINDINGS=(1 2 3 4 5 6 7 8 9)
: "${DATABASE_URL:?set DATABASE_URL (PostgreSQL, as in CI)}"
: "${REDIS_URL:?set REDIS_URL (never db 0)}"
export MEDIA_ROOT="${MEDIA_ROOT:-/tmp/media-prove-findings}"
export PYTHONPATH="$HERE/scripts/prove_findings${PYTHONPATH:+:$PYTHONPATH}"
mkdir -p "$OUT"

# The files copied from TESTS_FROM into the old tree (tests and the helpers they import).
COPIED=(
  tests/conftest.py tests/processes.py scripts/keep-running.sh
  tests/faults/__init__.py tests/faults/conftest.py tests/faults/settings.py
  tests/faults/test_redis_outage.py tests/faults/test_processes.py
  tests/faults/test_newsletter_crash.py
  tests/newsletter/fake_esp.py tests/newsletter/worker_settings.py
  tests/newsletter/test_webhook_security.py tests/test_settings_contract.py
  tests/media_library/test_hostile_uploads.py tests/media_library/test_implausible_uploads.py
  tests/media_library/test_killed_cuts.py tests/media_library/test_faults.py
  tests/accounts/test_staff_security.py tests/test_bad_input.py
)

# Each finding's tests (pytest arguments). Those marked new-only test a part of the fix that
# had no counterpart in e847633 (see the markdown): run on the new code only.
tests_of() {
  case "$1" in
    1) echo "tests/faults/test_redis_outage.py
             tests/faults/test_processes.py::test_workers_and_the_scheduler_carry_on_after_a_redis_outage
             tests/faults/test_processes.py::test_one_process_dying_does_not_stop_the_others" ;;
    2) echo "tests/faults/test_newsletter_crash.py::test_a_killed_send_resumes_by_itself_and_everyone_gets_it_once
             tests/faults/test_newsletter_crash.py::test_an_esp_that_cannot_be_asked_leaves_a_clear_report_not_sent" ;;
    3) echo "tests/media_library/test_hostile_uploads.py
             --deselect=tests/media_library/test_hostile_uploads.py::test_demuxers_outside_the_list_are_never_forced" ;;
    4) echo "tests/media_library/test_implausible_uploads.py
             tests/faults/test_processes.py::test_a_busy_worker_keeps_beating_and_periodic_jobs_never_wait_behind_an_encode" ;;
    5) echo "tests/accounts/test_staff_security.py::test_the_right_password_still_logs_in_after_a_few_wrong_ones
             tests/accounts/test_staff_security.py::test_forty_wrong_passwords_then_the_right_one_is_refused
             tests/accounts/test_staff_security.py::test_the_account_is_throttled_whatever_the_address_the_attempts_come_from
             tests/accounts/test_staff_security.py::test_one_client_trying_many_accounts_is_throttled
             tests/accounts/test_staff_security.py::test_django_admin_login_leads_to_the_throttled_admin_login
             tests/accounts/test_staff_security.py::test_wagtails_private_page_login_leads_to_the_public_login
             tests/accounts/test_staff_security.py::test_the_admin_reset_is_the_public_reset_by_code
             tests/accounts/test_staff_security.py::test_ten_reset_requests_send_one_code_and_no_link
             tests/accounts/test_staff_security.py::test_a_three_day_reset_link_no_longer_sets_a_password" ;;
    6) echo "tests/test_bad_input.py" ;;
    7) echo "tests/newsletter/test_webhook_security.py" ;;
    8) echo "tests/media_library/test_killed_cuts.py
             tests/media_library/test_faults.py::test_a_worker_killed_mid_encode_leaves_no_ready_rendition_and_the_work_resumes" ;;
    9) echo "tests/accounts/test_staff_security.py::test_createsuperuser_noinput_refuses_a_weak_password
             tests/accounts/test_staff_security.py::test_createsuperuser_noinput_accepts_a_strong_password
             tests/accounts/test_staff_security.py::test_createsuperuser_cannot_bypass_the_policy
             tests/accounts/test_staff_security.py::test_ensure_admin_account_replaces_a_weak_kept_password
             tests/accounts/test_staff_security.py::test_ensure_admin_account_creates_an_administrator_within_the_policy" ;;
  esac
}
new_only_tests_of() {
  case "$1" in
    2) echo "tests/faults/test_newsletter_crash.py::test_a_send_with_no_crash_is_done_by_one_run_holding_its_lease" ;;
    3) echo "tests/media_library/test_hostile_uploads.py::test_demuxers_outside_the_list_are_never_forced" ;;
  esac
}

prepare_old_tree() {
  if [ ! -e "$OLD_TREE/.git" ]; then
    git worktree add "$OLD_TREE" "$OLD_COMMIT" --detach
  fi
  (cd "$OLD_TREE" && git checkout -q --detach "$OLD_COMMIT" && git reset -q --hard && git clean -fdq tests scripts)
  for path in "${COPIED[@]}"; do
    mkdir -p "$OLD_TREE/$(dirname "$path")"
    git show "$TESTS_FROM:$path" > "$OLD_TREE/$path"
  done
  chmod +x "$OLD_TREE/scripts/keep-running.sh"
  (cd "$OLD_TREE" && git apply "$HERE/scripts/prove_findings/e847633.patch")
  (cd "$OLD_TREE" && bash scripts/bootstrap.sh --dev >/dev/null)
}

run_finding() {  # tree label finding [new-only]
  local tree="$1" label="$2" finding="$3" list arguments=()
  list="$(if [ "${4:-}" = new-only ]; then new_only_tests_of "$finding"; else tests_of "$finding"; fi)"
  [ -n "$list" ] || return 0
  read -r -a arguments <<< "$(echo $list)"
  local xml="$OUT/$label-F$finding${4:+-$4}.xml" database="$DATABASE_URL"
  [ "$label" = old ] && database="${DATABASE_URL}_old"
  echo "==> finding $finding on $label ($tree)${4:+ [$4]}"
  (cd "$tree" && DATABASE_URL="$database" .venv/bin/python -m pytest -p own_ports -p no:randomly \
    -p no:cacheprovider "${arguments[@]}" --junitxml="$xml" -q --tb=short \
    > "$OUT/$label-F$finding${4:+-$4}.log" 2>&1) || true
  python3 "$HERE/scripts/prove_findings/summarise.py" "$xml" | sed "s/^/  F$finding $label | /"
}

if [ "$WHICH" = old ] || [ "$WHICH" = both ]; then
  prepare_old_tree
  for finding in "${FINDINGS[@]}"; do run_finding "$OLD_TREE" old "$finding"; done
fi
if [ "$WHICH" = new ] || [ "$WHICH" = both ]; then
  bash scripts/bootstrap.sh --dev >/dev/null
  for finding in "${FINDINGS[@]}"; do
    run_finding "$HERE" new "$finding"
    run_finding "$HERE" new "$finding" new-only
  done
fi
echo "==> JUnit XML and logs in $OUT"

/* The bench op (PROTOCOL.md §8): a stateless op run `iterations` times back to back, timed with
 * CLOCK_MONOTONIC around the runs only. The arguments are decoded once (the workload's prepare)
 * and the result of the last run is encoded once, so the time holds no hex or JSON work and no
 * "includes_codec" is ever answered. Also here: run_workload, the op a workload stands for, so
 * an op and its bench share every line of the computation. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "proto.h"

#define MAX_ITERATIONS 1000000 /* PROTOCOL.md §8 */

static const workload_t *const WORKLOADS[] = {
    &W_IGE_ENCRYPT, &W_IGE_DECRYPT, &W_MSG_KEY, &W_KDF, &W_E2E_ENCRYPT, &W_E2E_DECRYPT, &W_DH_KEY,
};
#define N_WORKLOADS (sizeof WORKLOADS / sizeof WORKLOADS[0])

/* A zeroed job for `w`, from the request arena. */
static void *new_job(const workload_t *w, req_t *rq, err_t *err) {
  void *job = rq_alloc(rq, w->job_size);
  if (job == NULL) fail(err, "internal", "out of memory");
  else memset(job, 0, w->job_size);
  return job;
}

int run_workload(const workload_t *w, req_t *rq, json_t *out, err_t *err) {
  void *job = new_job(w, rq, err);
  if (job == NULL) return -1;
  int rc = w->prepare(rq, job, err);
  if (rc == 0) rc = w->run(job, err);
  if (rc == 0) w->encode(job, out);
  if (w->release != NULL) w->release(job);
  return rc;
}

static const workload_t *find_workload(const json_t *name) {
  for (size_t i = 0; i < N_WORKLOADS; i++) {
    const char *w = WORKLOADS[i]->name;
    if (strlen(w) == json_string_length(name) && strcmp(w, json_string_value(name)) == 0) return WORKLOADS[i];
  }
  return NULL;
}

static int64_t ns_between(const struct timespec *a, const struct timespec *b) {
  return (int64_t)(b->tv_sec - a->tv_sec) * 1000000000 + (int64_t)(b->tv_nsec - a->tv_nsec);
}

/* The job's arguments are the request's "args" object: a request of its own that shares the
 * arena (copied back once the workload is done, so everything it allocated is freed with the
 * request). */
static int bench_workload(const workload_t *w, req_t *rq, json_t *args, long iterations, json_t *out, err_t *err) {
  req_t sub = *rq;
  sub.args = args;
  void *job = new_job(w, &sub, err);
  int rc = job == NULL ? -1 : w->prepare(&sub, job, err);
  if (rc == 0) {
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (long i = 0; i < iterations && rc == 0; i++) rc = w->run(job, err);
    clock_gettime(CLOCK_MONOTONIC, &end);
    if (rc == 0) {
      char elapsed[24];
      snprintf(elapsed, sizeof elapsed, "%" PRId64, ns_between(&start, &end));
      json_t *result = json_object();
      w->encode(job, result);
      json_object_set_new(out, "elapsed_ns", json_string(elapsed));
      json_object_set_new(out, "iterations", json_integer((json_int_t)iterations));
      json_object_set_new(out, "result", result);
    }
  }
  if (job != NULL && w->release != NULL) w->release(job);
  rq->arena = sub.arena;
  return rc;
}

int op_bench(req_t *rq, json_t *out, err_t *err) {
  json_t *workload = arg_get(rq, "workload"), *args = arg_get(rq, "args"), *iterations = arg_get(rq, "iterations");
  double n;
  if (workload == NULL || !json_is_string(workload))
    return fail(err, "bad_input", "\"workload\" expected the name of a stateless op, got %s",
                workload == NULL ? "nothing (missing)" : json_kind(workload));
  if (args == NULL || !json_is_object(args))
    return fail(err, "bad_input", "\"args\" expected an object of the workload's arguments, got %s",
                args == NULL ? "nothing (missing)" : json_kind(args));
  if (iterations == NULL || !json_is_number(iterations))
    return fail(err, "bad_input", "\"iterations\" expected an integer in 1..%d, got %s", MAX_ITERATIONS,
                iterations == NULL ? "nothing (missing)" : json_kind(iterations));
  if (!json_integral(iterations, &n) || n < 1 || n > MAX_ITERATIONS)
    return fail(err, "bad_input", "\"iterations\" expected an integer in 1..%d, got %.17g", MAX_ITERATIONS,
                json_number_value(iterations));
  const workload_t *w = find_workload(workload);
  if (w == NULL)
    return fail(err, "unsupported",
                "no bench workload \"%.60s\" (offered: ige.encrypt, ige.decrypt, mtproto2.msg_key, mtproto2.kdf, "
                "e2e.encrypt, e2e.decrypt, dh.key)",
                json_string_value(workload));
  return bench_workload(w, rq, args, (long)n, out, err);
}

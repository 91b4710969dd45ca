/**
 * The C source of the optional native connector (native.ts compiles it with the machine's `cc` on first use).
 * Kept as a string so that it ships with the compiled JavaScript.
 */
export const NATIVE_SOURCE = `
/*
 * portwarden's optional native connector: nonblocking TCP connects driven by epoll on N native threads,
 * so a socket costs its system calls and nothing more. Node-API only (no internal bindings). JavaScript
 * keeps every decision (windows, timeouts, retries); this file only starts, watches, cancels and reports
 * connects, in batches, through one thread-safe function.
 *
 *   open(nThreads, onBatch) -> handle; onBatch(Int32Array [id, errno, localPort, sameAddress] * n)
 *   submit(handle, id, host, port) -> 0, or EINVAL for a host that is not an IP literal
 *   cancel(handle, id); close(handle)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <node_api.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#define SLOTS 65536 /* power of two, more than twice the sockets one thread may hold */

typedef struct { struct sockaddr_storage addr; socklen_t len; int32_t id; } request;
typedef struct { int32_t id; int fd; struct sockaddr_storage addr; } slot;
typedef struct { int32_t *v; size_t n, cap; } ints;

struct engine;
typedef struct {
  struct engine *e;
  pthread_t thread;
  pthread_mutex_t lock;
  request *queue; size_t qn, qcap; /* submitted, not yet started */
  ints cancels;                     /* ids to cancel */
  int ep, wake;
  slot *slots;                      /* open addressing by id */
} worker;

typedef struct engine {
  napi_threadsafe_function tsfn;
  int n, stopping;
  worker *w;
} engine;

static void push(ints *a, int32_t x) {
  if (a->n == a->cap) { a->cap = a->cap ? a->cap * 2 : 256; a->v = realloc(a->v, a->cap * sizeof *a->v); }
  a->v[a->n++] = x;
}

static slot *find(worker *w, int32_t id, int create) {
  for (uint32_t i = (uint32_t)id & (SLOTS - 1), k = 0; k < SLOTS; i = (i + 1) & (SLOTS - 1), k++) {
    if (w->slots[i].fd >= 0 && w->slots[i].id == id) return &w->slots[i];
    if (w->slots[i].fd < 0) return create ? &w->slots[i] : NULL;
  }
  return NULL;
}

/* Removing from a linear-probing table: re-insert the rest of the cluster. */
static void erase(worker *w, slot *s) {
  uint32_t i = (uint32_t)(s - w->slots);
  s->fd = -1;
  for (uint32_t j = (i + 1) & (SLOTS - 1); w->slots[j].fd >= 0; j = (j + 1) & (SLOTS - 1)) {
    slot moved = w->slots[j];
    w->slots[j].fd = -1;
    *find(w, moved.id, 1) = moved;
  }
}

static void report(ints *out, int32_t id, int err, int fd, struct sockaddr_storage *remote) {
  int32_t lport = 0, same = 0;
  if (err == 0) {
    struct sockaddr_storage local; socklen_t l = sizeof local;
    if (getsockname(fd, (struct sockaddr *)&local, &l) == 0) {
      if (local.ss_family == AF_INET) {
        struct sockaddr_in *a = (struct sockaddr_in *)&local, *b = (struct sockaddr_in *)remote;
        lport = ntohs(a->sin_port);
        same = a->sin_addr.s_addr == b->sin_addr.s_addr;
      } else {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&local, *b = (struct sockaddr_in6 *)remote;
        lport = ntohs(a->sin6_port);
        same = memcmp(&a->sin6_addr, &b->sin6_addr, sizeof a->sin6_addr) == 0;
      }
    }
  }
  push(out, id); push(out, err); push(out, lport); push(out, same);
}

static void flush(worker *w, ints *out) {
  if (out->n == 0) return;
  ints *batch = malloc(sizeof *batch);
  *batch = *out;
  out->v = NULL; out->n = out->cap = 0;
  if (napi_call_threadsafe_function(w->e->tsfn, batch, napi_tsfn_nonblocking) != napi_ok) { free(batch->v); free(batch); }
}

static void *run(void *arg) {
  worker *w = arg;
  struct epoll_event evs[512];
  ints out = {0}, cancels = {0};
  request *local = NULL; size_t ln = 0, lcap = 0;
  while (!w->e->stopping) {
    int n = epoll_wait(w->ep, evs, 512, -1);
    for (int i = 0; i < n; i++) {
      if (evs[i].data.u64 == UINT64_MAX) { uint64_t x; if (read(w->wake, &x, sizeof x) < 0) {} continue; }
      slot *s = find(w, (int32_t)evs[i].data.u64, 0);
      if (s == NULL) continue;
      int err = 0; socklen_t l = sizeof err;
      getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &l);
      report(&out, s->id, err, s->fd, &s->addr);
      close(s->fd);
      erase(w, s);
    }
    pthread_mutex_lock(&w->lock);
    if (w->qn > lcap) { lcap = w->qcap; local = realloc(local, lcap * sizeof *local); }
    memcpy(local, w->queue, w->qn * sizeof *local); ln = w->qn; w->qn = 0;
    ints c = w->cancels; w->cancels = cancels; cancels = c;
    pthread_mutex_unlock(&w->lock);
    for (size_t k = 0; k < cancels.n; k++) {
      slot *s = find(w, cancels.v[k], 0);
      if (s != NULL) { close(s->fd); erase(w, s); }
    }
    cancels.n = 0;
    for (size_t k = 0; k < ln; k++) {
      request *r = &local[k];
      int fd = socket(r->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (fd < 0) { report(&out, r->id, errno, -1, &r->addr); continue; }
      if (connect(fd, (struct sockaddr *)&r->addr, r->len) == 0) { report(&out, r->id, 0, fd, &r->addr); close(fd); continue; }
      if (errno != EINPROGRESS) { report(&out, r->id, errno, fd, &r->addr); close(fd); continue; }
      slot *s = find(w, r->id, 1);
      if (s == NULL) { report(&out, r->id, ENOBUFS, fd, &r->addr); close(fd); continue; }
      s->id = r->id; s->fd = fd; s->addr = r->addr;
      struct epoll_event ev = { .events = EPOLLOUT, .data.u64 = (uint32_t)r->id };
      epoll_ctl(w->ep, EPOLL_CTL_ADD, fd, &ev);
    }
    flush(w, &out);
  }
  for (uint32_t i = 0; i < SLOTS; i++) if (w->slots[i].fd >= 0) close(w->slots[i].fd);
  free(local); free(out.v); free(cancels.v);
  return NULL;
}

static void call_js(napi_env env, napi_value cb, void *ctx, void *data) {
  (void)ctx;
  ints *batch = data;
  if (env != NULL && cb != NULL) {
    napi_value ab, arr, undef;
    void *mem;
    napi_create_arraybuffer(env, batch->n * sizeof(int32_t), &mem, &ab);
    memcpy(mem, batch->v, batch->n * sizeof(int32_t));
    napi_create_typedarray(env, napi_int32_array, batch->n, ab, 0, &arr);
    napi_get_undefined(env, &undef);
    napi_call_function(env, undef, cb, 1, &arr, NULL);
  }
  free(batch->v);
  free(batch);
}

static engine *unwrap(napi_env env, napi_value v) {
  engine *e = NULL;
  napi_get_value_external(env, v, (void **)&e);
  return e;
}

static napi_value js_open(napi_env env, napi_callback_info info) {
  size_t argc = 2; napi_value argv[2], name, result;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t n = 1;
  napi_get_value_int32(env, argv[0], &n);
  if (n < 1) n = 1;
  if (n > 16) n = 16;
  engine *e = calloc(1, sizeof *e);
  e->n = n;
  e->w = calloc((size_t)n, sizeof *e->w);
  napi_create_string_utf8(env, "portwarden-tcp", NAPI_AUTO_LENGTH, &name);
  /* An unbounded queue: a blocking hand-over with a bounded one stalled a thread now and then. The batches
   are bounded anyway by the sockets in flight. */
  napi_create_threadsafe_function(env, argv[1], NULL, name, 0, 1, NULL, NULL, NULL, call_js, &e->tsfn);
  for (int i = 0; i < n; i++) {
    worker *w = &e->w[i];
    w->e = e;
    pthread_mutex_init(&w->lock, NULL);
    w->slots = malloc(SLOTS * sizeof *w->slots);
    for (uint32_t k = 0; k < SLOTS; k++) w->slots[k].fd = -1;
    w->ep = epoll_create1(EPOLL_CLOEXEC);
    w->wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = UINT64_MAX };
    epoll_ctl(w->ep, EPOLL_CTL_ADD, w->wake, &ev);
    pthread_create(&w->thread, NULL, run, w);
  }
  napi_create_external(env, e, NULL, NULL, &result);
  return result;
}

static void wake(worker *w) { uint64_t one = 1; if (write(w->wake, &one, sizeof one) < 0) {} }

static napi_value js_submit(napi_env env, napi_callback_info info) {
  size_t argc = 4; napi_value argv[4], result;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  engine *e = unwrap(env, argv[0]);
  int32_t id = 0, port = 0;
  char host[64];
  size_t len = 0;
  napi_get_value_int32(env, argv[1], &id);
  napi_get_value_string_utf8(env, argv[2], host, sizeof host, &len);
  napi_get_value_int32(env, argv[3], &port);
  request r; memset(&r, 0, sizeof r); r.id = id;
  struct sockaddr_in *a4 = (struct sockaddr_in *)&r.addr;
  struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&r.addr;
  int status = 0;
  if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) { a4->sin_family = AF_INET; a4->sin_port = htons((uint16_t)port); r.len = sizeof *a4; }
  else if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) { a6->sin6_family = AF_INET6; a6->sin6_port = htons((uint16_t)port); r.len = sizeof *a6; }
  else status = EINVAL;
  if (status == 0 && e != NULL && !e->stopping) {
    worker *w = &e->w[(uint32_t)id % (uint32_t)e->n];
    pthread_mutex_lock(&w->lock);
    int was_empty = w->qn == 0;
    if (w->qn == w->qcap) { w->qcap = w->qcap ? w->qcap * 2 : 1024; w->queue = realloc(w->queue, w->qcap * sizeof *w->queue); }
    w->queue[w->qn++] = r;
    pthread_mutex_unlock(&w->lock);
    if (was_empty) wake(w);
  }
  napi_create_int32(env, status, &result);
  return result;
}

static napi_value js_cancel(napi_env env, napi_callback_info info) {
  size_t argc = 2; napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  engine *e = unwrap(env, argv[0]);
  int32_t id = 0;
  napi_get_value_int32(env, argv[1], &id);
  if (e != NULL && !e->stopping) {
    worker *w = &e->w[(uint32_t)id % (uint32_t)e->n];
    pthread_mutex_lock(&w->lock);
    int was_empty = w->cancels.n == 0 && w->qn == 0;
    push(&w->cancels, id);
    pthread_mutex_unlock(&w->lock);
    if (was_empty) wake(w);
  }
  return NULL;
}

static napi_value js_close(napi_env env, napi_callback_info info) {
  size_t argc = 1; napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  engine *e = unwrap(env, argv[0]);
  if (e == NULL || e->stopping) return NULL;
  e->stopping = 1;
  for (int i = 0; i < e->n; i++) wake(&e->w[i]);
  /* Batches not yet delivered are dropped: the scan is over. */
  napi_release_threadsafe_function(e->tsfn, napi_tsfn_abort);
  for (int i = 0; i < e->n; i++) {
    worker *w = &e->w[i];
    pthread_join(w->thread, NULL);
    close(w->ep); close(w->wake);
    free(w->slots); free(w->queue); free(w->cancels.v);
    pthread_mutex_destroy(&w->lock);
  }
  /* The engine struct is leaked on purpose: the external may still be referenced; it is small. */
  return NULL;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "open", NULL, js_open, NULL, NULL, NULL, napi_default, NULL },
    { "submit", NULL, js_submit, NULL, NULL, NULL, napi_default, NULL },
    { "cancel", NULL, js_cancel, NULL, NULL, NULL, napi_default, NULL },
    { "close", NULL, js_close, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, 4, props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
`;

#ifndef HINDSIGHT_CCAIRO_SHIM_H
#define HINDSIGHT_CCAIRO_SHIM_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* dladdr */
#endif
#include <dlfcn.h>
#include <cairo.h>
#include <cairo-svg.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>
#include <hb-ot.h>
#include <fontconfig/fontconfig.h>
#include <fontconfig/fcfreetype.h>
#include <cairo-ft.h>
#include <zlib.h>

#include <pthread.h>
#include <sched.h>
#include <unistd.h>

/* Starts a detached thread running body(arg), placed on another CPU than the caller's when the
   process may use one (else anywhere); the thread should call hindsight_thread_widen() first.
   Why: a new thread is often queued on its creator's CPU, and then starts only when the
   creator's time slice ends, about 2 ms later (BackgroundThread). Returns pthread_create's status. */
static inline int hindsight_thread_start_elsewhere(void *(*body)(void *), void *arg) {
    pthread_attr_t attr;
    pthread_t thread;
    cpu_set_t other;
    int status, cpu;
    if (pthread_attr_init(&attr) != 0) return -1;
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (sched_getaffinity(0, sizeof other, &other) == 0 && (cpu = sched_getcpu()) >= 0) {
        CPU_CLR(cpu, &other);
        if (CPU_COUNT(&other) > 0) pthread_attr_setaffinity_np(&attr, sizeof other, &other);
    }
    status = pthread_create(&thread, &attr, body, arg);
    pthread_attr_destroy(&attr);
    return status;
}

/* Gives the calling thread the CPUs of the process's main thread again. */
static inline void hindsight_thread_widen(void) {
    cpu_set_t all;
    if (sched_getaffinity(getpid(), sizeof all, &all) == 0) sched_setaffinity(0, sizeof all, &all);
}

/* Exported by libpangocairo, though no public header declares it. */
GType pango_cairo_fc_font_get_type (void);

/* pangocairo's private PangoCairoFontIface (pangocairo-private.h, unchanged since pango 1.44).
   Used only after FontFaces.hook has checked, at run time, that the class's interface has
   this shape (see there). */
typedef struct {
  GTypeInterface g_iface;
  cairo_font_face_t *(*create_font_face) (void *cfont);
  void *(*create_base_metrics_for_context) (void *cfont, PangoContext *context);
  gssize cf_priv_offset;
} HindsightPangoCairoFontIface;
#endif

/*
 * The rate one core reaches on the MLP's first-layer product (128 x 64, depth 128) with the
 * same 128-bit vectors and register blocking as the wasm kernel (two rows x 16 columns of
 * FMAs): the ceiling the native kernels are compared with in docs/benchmarks.md.
 * Run with tools/scripts/gemm-ceiling.sh.
 */
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { M = 128, N = 64, DEPTH = 128, REPEATS = 20000 };

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

/* C = A·B, all row-major. */
static void product(const float *a, const float *b, float *c) {
  for (int i = 0; i < M; i += 2) {
    for (int j = 0; j < N; j += 16) {
      __m128 acc[2][4];
      for (int r = 0; r < 2; r++)
        for (int t = 0; t < 4; t++) acc[r][t] = _mm_setzero_ps();
      for (int k = 0; k < DEPTH; k++) {
        const float *row = b + k * N + j;
        __m128 b0 = _mm_loadu_ps(row), b1 = _mm_loadu_ps(row + 4), b2 = _mm_loadu_ps(row + 8), b3 = _mm_loadu_ps(row + 12);
        for (int r = 0; r < 2; r++) {
          __m128 s = _mm_set1_ps(a[(i + r) * DEPTH + k]);
          acc[r][0] = _mm_fmadd_ps(s, b0, acc[r][0]);
          acc[r][1] = _mm_fmadd_ps(s, b1, acc[r][1]);
          acc[r][2] = _mm_fmadd_ps(s, b2, acc[r][2]);
          acc[r][3] = _mm_fmadd_ps(s, b3, acc[r][3]);
        }
      }
      for (int r = 0; r < 2; r++)
        for (int t = 0; t < 4; t++) _mm_storeu_ps(c + (i + r) * N + j + 4 * t, acc[r][t]);
    }
  }
}

int main(void) {
  float *a = malloc(sizeof(float) * M * DEPTH), *b = malloc(sizeof(float) * DEPTH * N), *c = malloc(sizeof(float) * M * N);
  for (int k = 0; k < M * DEPTH; k++) a[k] = rand() / (float)RAND_MAX;
  for (int k = 0; k < DEPTH * N; k++) b[k] = rand() / (float)RAND_MAX;
  double started = seconds();
  for (int r = 0; r < REPEATS; r++) {
    product(a, b, c);
    b[r % (DEPTH * N)] += c[r % (M * N)] * 1e-9f; /* each product depends on the last */
  }
  double spent = seconds() - started;
  printf("%.1f GMAC/s (%.1f us per %dx%dx%d product)\n", (double)M * N * DEPTH * REPEATS / spent / 1e9, spent / REPEATS * 1e6, M, N, DEPTH);
  free(a);
  free(b);
  free(c);
  return 0;
}

package org.mobilenet4j.backend.openblas;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.mobilenet4j.natives.NativeProbe;

/**
 * The OpenBLAS calls this backend makes, through bytedeco's prebuilt {@code org.bytedeco:openblas} (BLAS
 * only: {@code openblas_nolapack}). Loading is tried once; {@link #unavailableReason()} says why it failed.
 * OpenBLAS's thread count is process-wide: {@link #withThreads} sets it for each run, when no other run is
 * inside OpenBLAS.
 */
final class Blas {
    private static final NativeProbe NATIVES = new NativeProbe(() -> Loader.load(openblas_nolapack.class),
            () -> openblas_nolapack.cblas_sdot(/*n=*/1, new float[] {1}, /*incx=*/1, new float[] {1}, /*incy=*/1),
            t -> NativeProbe.noNatives("OpenBLAS", t), "the OpenBLAS natives are bound to another class loader of "
            + "this JVM: ");
    private static volatile int threads = -1;
    private static final java.util.concurrent.locks.ReentrantReadWriteLock LOCK =
            new java.util.concurrent.locks.ReentrantReadWriteLock();

    private Blas() {
    }

    /** Null if OpenBLAS loads on this platform, else why not. */
    static String unavailableReason() {
        return NATIVES.reasonUnavailable();
    }

    /**
     * Runs {@code body} with OpenBLAS's process-wide thread count at {@code n}. Calls with the same count run
     * concurrently; changing the count waits until no call is inside OpenBLAS (resizing its thread pool under
     * a running GEMM is not safe), so executables with different thread counts take turns.
     */
    static void withThreads(int n, Runnable body) {
        LOCK.readLock().lock();
        try {
            if (threads != n) {
                LOCK.readLock().unlock();
                LOCK.writeLock().lock();
                try {
                    if (threads != n) {
                        org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(n);
                        threads = n;
                    }
                    LOCK.readLock().lock();
                } finally {
                    LOCK.writeLock().unlock();
                }
            }
            body.run();
        } finally {
            LOCK.readLock().unlock();
        }
    }

    /**
     * C[m x n] += A[m x k] * B[k x n], all row-major: NHWC activations (one row per pixel) times a filter
     * stored [in, out].
     */
    static void multiplyAdd(FloatPointer a, FloatPointer b, FloatPointer c, int m, int n, int k) {
        if (m == 1) {
            // one row (a fully connected layer on one image): y += B^T x, no packing
            openblas_nolapack.cblas_sgemv(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasTrans,
                    /*M=*/k, /*N=*/n, /*alpha=*/1f, b, /*lda=*/n, a, /*incX=*/1, /*beta=*/1f, c, /*incY=*/1);
            return;
        }
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                openblas_nolapack.CblasNoTrans, /*M=*/m, /*N=*/n, /*K=*/k, /*alpha=*/1f, a, /*lda=*/k, b, /*ldb=*/n,
                /*beta=*/1f, c, /*ldc=*/n);
    }
}

package org.mobilenet4j.bench;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.TfLiteDelegate;
import org.bytedeco.tensorflowlite.global.tensorflowlite;

/**
 * TFLite's XNNPACK delegate created through its C API with the quantized flags on. bytedeco's TFLite 2.19 applies
 * the delegate with {@code TfLiteXNNPackDelegateOptionsDefault()}, whose QS8/QU8 flags that build leaves off:
 * int8 and uint8 models then run on TFLite's own kernels, not XNNPACK (measured: the same time as
 * {@code tflite-builtin}). The Java preset does not map the C API, so it is called through JNA on the library
 * JavaCPP loaded. The options struct starts {int32 num_threads; uint32 flags; ...}; the defaults are read
 * from the library (a struct returned by value through a hidden pointer, over-allocated), the flags are
 * checked back with {@code TfLiteXNNPackDelegateGetFlags}.
 */
final class TfliteXnnpackDelegate implements AutoCloseable {
    static final int FLAG_QS8 = 0x1;
    static final int FLAG_QU8 = 0x2;

    private final NativeLibrary lib;
    private final com.sun.jna.Pointer delegate;

    TfliteXnnpackDelegate(int threads) {
        lib = NativeLibrary.getInstance(Loader.load(tensorflowlite.class));
        Memory options = new Memory(512);
        options.clear();
        // x86-64 / AArch64 ABIs: a struct this size is returned through a caller-provided buffer (hidden pointer)
        lib.getFunction("TfLiteXNNPackDelegateOptionsDefault").invoke(com.sun.jna.Pointer.class, new Object[] {options});
        options.setInt(0, threads > 1 ? threads : 0);
        options.setInt(4, options.getInt(4) | FLAG_QS8 | FLAG_QU8);
        delegate = (com.sun.jna.Pointer) lib.getFunction("TfLiteXNNPackDelegateCreate")
                .invoke(com.sun.jna.Pointer.class, new Object[] {options});
        if (delegate == null) {
            throw new IllegalStateException("TfLiteXNNPackDelegateCreate failed");
        }
        int flags = lib.getFunction("TfLiteXNNPackDelegateGetFlags").invokeInt(new Object[] {delegate});
        if ((flags & (FLAG_QS8 | FLAG_QU8)) != (FLAG_QS8 | FLAG_QU8)) {
            close();
            throw new IllegalStateException("TFLite's XNNPACK delegate did not take the quantized flags (got " + flags
                    + "): its options struct differs from {num_threads, flags, ...}");
        }
    }

    /** The delegate as the TFLite preset's type, for {@code Interpreter.ModifyGraphWithDelegate}. */
    TfLiteDelegate delegate() {
        long value = com.sun.jna.Pointer.nativeValue(delegate);
        return new TfLiteDelegate(new Pointer() {
            {
                address = value;  // (a local named "address" would be shadowed by Pointer's field)
            }
        });
    }

    @Override
    public void close() {
        Function delete = lib.getFunction("TfLiteXNNPackDelegateDelete");
        delete.invokeVoid(new Object[] {delegate});
    }
}

package org.mobilenet4j.backend.xnnpack;

import java.util.Locale;

/**
 * When the XNNPACK backend hands an 8-bit image input to the convolution reading it as patches (im2col,
 * native/mobilenet4j_patches.h): the convolution becomes a 1x1 one whose reduction XNNPACK's x86 integer kernels
 * pad once instead of per kernel tap. Results are identical either way. The codes are the native enum's.
 */
enum PatchMode {
    /** Never: XNNPACK's indirect convolution reads the image. */
    NEVER(XnnpackNative.kPatchesNever()),
    /** Where it saves work: x86-64, a window whose channels are not a multiple of 8 (an RGB first layer). */
    AUTO(XnnpackNative.kPatchesAuto()),
    /** Every eligible convolution on every platform (for tests: results must equal {@link #NEVER}'s). */
    ALWAYS(XnnpackNative.kPatchesAlways());

    /** {@value}: auto (the default), always or never, read when an executable is compiled. */
    static final String PROPERTY = "mobilenet4j.xnnpack.inputPatches";

    final int code;

    PatchMode(int code) {
        this.code = code;
    }

    /** The mode {@value #PROPERTY} names; an unknown value is an error naming the property. */
    static PatchMode fromProperty() {
        String value = System.getProperty(PROPERTY, "auto");
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + ": expected auto, always or never");
        }
    }
}

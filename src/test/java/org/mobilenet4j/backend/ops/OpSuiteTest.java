package org.mobilenet4j.backend.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mobilenet4j.TestData;
import org.mobilenet4j.backend.Backend;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.backend.reference.ReferenceBackend;

/**
 * The per-op suite: every generated case ({@link OpCases}) on every backend, against the reference backend,
 * and the reference's 8-bit kernels against real arithmetic on the same grid values. Tolerances:
 * <ul>
 *   <li>float32 outputs: |got - want| <= {@value #FLOAT_ABS} + {@value #FLOAT_REL} x |want| (XNNPACK and
 *       OpenBLAS sum in another order, with FMA, and approximate sigmoid and exp);</li>
 *   <li>8-bit outputs of an 8-bit backend (XNNPACK): within {@value #LSB} step of the reference's (XNNPACK
 *       requantizes in fp32 where the reference does TFLite's fixed point);</li>
 *   <li>8-bit cases on OpenBLAS, which runs them dequantized in float32 (so computes the real value): its
 *       output within {@value #ORACLE_LSB} output steps of the reference's, the reference's own bound;</li>
 *   <li>the reference's 8-bit output against the float reference kernels on the grid values (the oracle):
 *       within {@value #ORACLE_LSB} output steps (input, weight and bias rounding, then output rounding).</li>
 * </ul>
 * Default {@code mvn test} runs {@link OpCases#sampled()}; {@code mvn test -Pfull} every case.
 */
class OpSuiteTest {
    static final double FLOAT_ABS = 1e-5;
    static final double FLOAT_REL = 1e-4;
    static final double LSB = 1;
    static final double ORACLE_LSB = 1.5;

    static Stream<Arguments> cases() {
        List<OpCase> cases = TestData.full() ? OpCases.all() : OpCases.sampled();
        return cases.stream().flatMap(c -> Stream.of("reference", "openblas", "xnnpack").map(b -> Arguments.of(c, b)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void matchesTheReference(OpCase c, String backendName) {
        Backend backend = Backends.byName(backendName);
        Assumptions.assumeTrue(backend.reasonUnavailable() == null, () -> backendName + ": " + backend.reasonUnavailable());
        OpRun.Output want = OpRun.run(new ReferenceBackend(), c.graph(), c.inputs());
        if (backendName.equals("reference")) {
            if (c.oracle() != null) {
                assertEquals(c.oracle().length, want.size());
                double step = want.quantized() ? want.type().quantization().scale() : 0;
                for (int i = 0; i < want.size(); i++) {
                    double tol = want.quantized() ? ORACLE_LSB * step : FLOAT_ABS + FLOAT_REL * Math.abs(c.oracle()[i]);
                    if (Math.abs(want.real(i) - c.oracle()[i]) > tol) {
                        fail(c + ": element " + i + " is " + want.real(i) + ", real arithmetic gives " + c.oracle()[i]
                                + " (tolerance " + tol + ")");
                    }
                }
            }
            return;
        }
        OpRun.Output got = OpRun.run(backend, c.graph(), c.inputs());
        assertEquals(want.size(), got.size(), "output size");
        for (int i = 0; i < want.size(); i++) {
            double tol;
            double diff;
            if (want.quantized() && got.quantized()) {
                diff = Math.abs(want.stored()[i] - got.stored()[i]);
                tol = LSB;
            } else if (want.quantized()) {
                diff = Math.abs(want.real(i) - got.real(i));
                tol = ORACLE_LSB * want.type().quantization().scale() * (1 + 1e-5);
            } else {
                diff = Math.abs(want.real(i) - got.real(i));
                tol = FLOAT_ABS + FLOAT_REL * Math.abs(want.real(i));
            }
            if (diff > tol) {
                fail(c + " on " + backendName + ": element " + i + " is " + got.real(i) + " (stored " + got.stored()[i]
                        + "), reference " + want.real(i) + " (stored " + want.stored()[i] + "); tolerance " + tol
                        + (want.quantized() && got.quantized() ? " steps" : ""));
            }
        }
    }
}

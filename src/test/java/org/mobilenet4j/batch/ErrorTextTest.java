package org.mobilenet4j.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.BufferUnderflowException;
import org.junit.jupiter.api.Test;

/** ErrorText never leaves a message empty or ending in a dangling colon. */
class ErrorTextTest {

    @Test
    void messageLessCauseInAWrappedMessageBecomesItsKindInWords() {
        // as TfliteImporter wraps a truncated file's failure: name + " is corrupt or truncated: " + e
        IndexOutOfBoundsException cause = new IndexOutOfBoundsException();
        IllegalStateException e = new IllegalStateException("m.tflite is corrupt or truncated: " + cause, cause);
        assertEquals("m.tflite is corrupt or truncated: index out of bounds", ErrorText.of(e));
    }

    @Test
    void danglingColonIsCompletedByTheCause() {
        BufferUnderflowException cause = new BufferUnderflowException();
        IllegalStateException e = new IllegalStateException("m.tflite is corrupt or truncated: ", cause);
        assertEquals("m.tflite is corrupt or truncated: buffer underflow", ErrorText.of(e));
    }

    @Test
    void danglingColonWithoutCauseSaysTheKind() {
        assertEquals("cannot read: illegal state", ErrorText.of(new IllegalStateException("cannot read:")));
    }

    @Test
    void prefixesWithAMessageAfterThemAreRemoved() {
        IllegalStateException e = new IllegalStateException("m.tflite is corrupt or truncated: "
                + new IllegalArgumentException("newLimit < 0: (-1 < 0)"));
        assertEquals("m.tflite is corrupt or truncated: newLimit < 0: (-1 < 0)", ErrorText.of(e));
    }

    @Test
    void messageThatIsOnlyAClassNameIsItsKind() {
        assertEquals("null pointer", ErrorText.of(new RuntimeException("java.lang.NullPointerException")));
    }
}

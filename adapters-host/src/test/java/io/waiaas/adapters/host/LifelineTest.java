package io.waiaas.adapters.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LifelineTest {
    private final CountDownLatch cut = new CountDownLatch(1);
    private final String parent =
            Long.toString(ProcessHandle.current().parent().orElseThrow().pid());

    @Test
    void withoutTheVariableNothingIsWatched() throws Exception {
        Lifeline.holdIfAsked(Map.of(), new ByteArrayInputStream(new byte[0]), cut::countDown);
        assertFalse(cut.await(300, TimeUnit.MILLISECONDS), "a command not run by an upgrade was stopped");
    }

    @Test
    void theLineIsCutWhenThePipeFromTheParentEnds() throws Exception {
        PipedOutputStream upgrade = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(upgrade);
        Lifeline.holdIfAsked(Map.of(Lifeline.ENV, parent), stdin, cut::countDown);
        upgrade.write("anything the parent writes is ignored".getBytes());
        upgrade.flush();
        assertFalse(cut.await(300, TimeUnit.MILLISECONDS), "cut while the parent still holds the pipe");
        upgrade.close();
        assertTrue(cut.await(10, TimeUnit.SECONDS), "the end of the pipe did not cut the line");
    }

    @Test
    void aChildWhoseParentIsAlreadyGoneStopsAtOnce() throws IOException {
        long gone = DeadPids.one();
        PipedInputStream open = new PipedInputStream(new PipedOutputStream());
        Lifeline.holdIfAsked(Map.of(Lifeline.ENV, Long.toString(gone)), open, cut::countDown);
        assertEquals(0, cut.getCount(), "a child of a dead upgrade went on");
    }
}

package io.waiaas.adapters.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Pass whole lines to stdout, one at a time: the SDK's transport and {@link ProtocolGuard} both answer on it, and a
 * JSON-RPC message must never be cut by another. Bytes are held until their newline, then written and flushed under
 * one lock.
 */
final class LineOutput extends OutputStream {
    private final OutputStream out;
    private final ThreadLocal<ByteArrayOutputStream> pending = ThreadLocal.withInitial(ByteArrayOutputStream::new);

    LineOutput(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ByteArrayOutputStream line = pending.get();
        int start = offset;
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\n') {
                line.write(bytes, start, i + 1 - start);
                emit(line);
                start = i + 1;
            }
        }
        line.write(bytes, start, offset + length - start);
    }

    /** Write {@code message} and a newline as one line. */
    void writeLine(byte[] message) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(message.length + 1);
        line.write(message);
        line.write('\n');
        emit(line);
    }

    private void emit(ByteArrayOutputStream line) throws IOException {
        synchronized (out) {
            line.writeTo(out);
            out.flush();
        }
        line.reset();
    }

    @Override
    public void flush() {
        // Lines are flushed when complete; a partial line waits for its newline.
    }

    @Override
    public void close() throws IOException {
        synchronized (out) {
            out.flush();
        }
    }
}

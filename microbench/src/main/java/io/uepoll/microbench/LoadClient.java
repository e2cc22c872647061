package io.uepoll.microbench;

import java.io.IOException;
import java.nio.file.Path;

/** http-bench's closed-loop load: as many requests as the server answers, for a time (wrk, or h2load for h2c). */
interface LoadClient {
    /** {@code scratch} receives the generator's output; the result is in wrk's shape whoever ran. */
    Wrk.Result run(String host, int port, int connections, double seconds, Path scratch)
            throws IOException, InterruptedException;
}

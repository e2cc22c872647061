package io.uepoll.channel;

/** What one step of a read pass found: the pass goes on only after a message. */
enum ReadStep {
    /** A message (bytes, a connection, datagrams, a descriptor) went up the pipeline. */
    MESSAGE,
    /** Nothing was queued (EAGAIN): the ring's next edge says when more comes. */
    WOULD_BLOCK,
    /** The peer ended its output: the input is shut down. */
    END_OF_INPUT
}

package io.uepoll.vertx;

import io.vertx.core.transport.Transport;

/**
 * What {@code VertxBuilder.withTransport} takes: a name, availability, and the SPI implementation
 * Vert.x builds its loops and channels from.
 */
final class VertxTransportHandle implements Transport {
    private final UepollTransport implementation;

    VertxTransportHandle(UepollTransport implementation) {
        this.implementation = implementation;
    }

    @Override
    public String name() {
        return UepollTransport.NAME;
    }

    @Override
    public boolean available() {
        return implementation.isAvailable();
    }

    @Override
    public Throwable unavailabilityCause() {
        return implementation.unavailabilityCause();
    }

    @Override
    public io.vertx.core.spi.transport.Transport implementation() {
        return implementation;
    }

    @Override
    public String toString() {
        return implementation.toString();
    }
}

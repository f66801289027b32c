package com.creditledger.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MeasurementTest {

    @Test
    void perSecondIsOperationsOverSeconds() {
        assertThat(new Measurement("s", 1_000, 4.0, LatencyStats.EMPTY).perSecond()).isEqualTo(250.0);
    }

    @Test
    void aZeroLengthRunHasZeroRateRatherThanInfinity() {
        assertThat(new Measurement("s", 0, 0.0, LatencyStats.EMPTY).perSecond()).isZero();
    }
}

package com.creditledger.api.operations;

import com.creditledger.projection.balance.Balances;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import java.util.function.ToDoubleFunction;

/**
 * Gauges read from the database when metrics are scraped: how far each projection is behind the
 * event store, and the credits held for running jobs. Every instance reports the same figures,
 * since they are the database's, not the instance's.
 */
@Component
class LedgerGauges implements InitializingBean {

    private final MeterRegistry meters;
    private final ProjectionRebuilds projections;
    private final Balances balances;

    LedgerGauges(MeterRegistry meters, ProjectionRebuilds projections, Balances balances) {
        this.meters = meters;
        this.projections = projections;
        this.balances = balances;
    }

    @Override
    public void afterPropertiesSet() {
        for (String projection : ProjectionRebuilds.PROJECTIONS) {
            Gauge.builder("billing.projection.behind", projections, rebuilds -> rebuilds.progress(projection).behind())
                    .description("Events stored but not yet folded into the projection")
                    .tag("projection", projection)
                    .register(meters);
        }
        held("subscription", Balances.HeldCredits::subscription);
        held("top-up", Balances.HeldCredits::topUp);
        Gauge.builder("billing.holds.accounts", balances, b -> b.held().accounts())
                .description("Accounts holding credits for running jobs, as the balance projection has them")
                .register(meters);
    }

    private void held(String kind, ToDoubleFunction<Balances.HeldCredits> credits) {
        Gauge.builder("billing.credits.held", balances, b -> credits.applyAsDouble(b.held()))
                .description("Credits held for running jobs, as the balance projection has them")
                .tag("kind", kind)
                .register(meters);
    }
}

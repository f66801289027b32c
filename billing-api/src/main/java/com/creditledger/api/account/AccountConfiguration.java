package com.creditledger.api.account;

import com.creditledger.account.AccountPolicies;
import com.creditledger.account.AccountTargetResolver;
import com.creditledger.account.AlertPolicy;
import com.creditledger.account.AlertThreshold;
import com.creditledger.account.HoldPolicy;
import com.creditledger.account.Accounts;
import com.creditledger.account.CreditAccount;
import com.creditledger.pricing.PriceCatalog;
import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.JCacheAdapter;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DuplicateKeyException;

import com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider;
import javax.cache.CacheManager;
import javax.cache.Caching;
import java.net.URI;
import java.util.UUID;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.util.OptionalLong;
import java.util.concurrent.Executors;

/**
 * The credit-account aggregate and what its handlers are given: the price catalog, the request
 * history, the clock, the policies. Registered here, not by annotation, so billing-core stays free of Spring.
 */
@Configuration
public class AccountConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Event timestamps come from the same clock the aggregate decides with (a test may supply its own). */
    @Bean
    InitializingBean eventTimestampClock(Clock clock) {
        return () -> GenericEventMessage.clock = clock;
    }

    @Bean
    PriceCatalog priceCatalog() {
        return PriceCatalog.standard();
    }

    @Bean
    HoldPolicy holdPolicy(@Value("${billing.holds.default-duration}") Duration defaultDuration,
                          @Value("${billing.holds.max-duration}") Duration maxDuration,
                          @Value("${billing.holds.max-open}") int maxOpen) {
        return new HoldPolicy(defaultDuration, maxDuration, maxOpen);
    }

    @Bean
    AlertPolicy alertPolicy(@Value("${billing.alerts.default-percent-of-allocation}") List<Integer> percents,
                            @Value("${billing.alerts.default-credits}") List<Long> credits) {
        return new AlertPolicy(Stream.concat(
                percents.stream().map(AlertThreshold::ofAllocation),
                credits.stream().map(AlertThreshold::ofCredits)).toList());
    }

    /** The aggregate's handlers take the policies as one resource. */
    @Bean
    AccountPolicies accountPolicies(PriceCatalog catalog, HoldPolicy holds, AlertPolicy alerts) {
        return new AccountPolicies(catalog, holds, alerts);
    }

    /** The gateway Axon's auto-configuration would build, with a failure log that tells a caller's mistake from a fault. */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        return DefaultCommandGateway.builder().commandBus(commandBus).commandCallback(new CommandFailureLog()).build();
    }

    @Bean
    Accounts accounts(CommandGateway commandGateway) {
        return new Accounts(commandGateway, AccountConfiguration::lostRace);
    }

    /**
     * Another instance wrote first: it took the account's next sequence number (Axon reports a
     * {@link ConcurrencyException}) or one of its request keys (a unique violation on
     * {@code account_request}). Deciding again on the account as stored answers it.
     */
    static boolean lostRace(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException || cause instanceof DuplicateKeyException) {
                return true;
            }
        }
        return false;
    }

    /** Axon's auto-configuration registers it with the command bus, for HTTP and Kafka alike. */
    @Bean
    CommandOutcomes commandOutcomes(MeterRegistry meters) {
        return new CommandOutcomes(meters);
    }

    /**
     * A strong, bounded cache: Axon's default weak-reference cache is cleared by every young
     * collection under load, so busy accounts would be read back from the store every time.
     */
    @Bean
    Cache creditAccountCache(CacheManager accountCacheManager, @Value("${billing.aggregate-cache.size}") long size) {
        CaffeineConfiguration<Object, Object> configuration = new CaffeineConfiguration<>();
        configuration.setMaximumSize(OptionalLong.of(size));
        configuration.setStoreByValue(false);
        return new JCacheAdapter(accountCacheManager.createCache("credit-accounts", configuration));
    }

    /** A cache manager of this application's own: JCache's default one is shared by the whole JVM. */
    @Bean(destroyMethod = "close")
    CacheManager accountCacheManager() {
        return Caching.getCachingProvider(CaffeineCachingProvider.class.getName())
                .getCacheManager(URI.create("credit-ledger:" + UUID.randomUUID()), getClass().getClassLoader());
    }

    @Bean
    ConfigurerModule creditAccountAggregate(Cache creditAccountCache,
                                            @Value("${billing.snapshot.every-events}") int snapshotThreshold) {
        return configurer -> configurer.configureAggregate(
                AggregateConfigurer.defaultConfiguration(CreditAccount.class)
                        .configureCache(c -> creditAccountCache)
                        .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(snapshotter(c), snapshotThreshold))
                        .configureCommandTargetResolver(c -> new AccountTargetResolver()));
    }

    /** Snapshots are taken on a thread of their own, never in the command's. */
    private static Snapshotter snapshotter(org.axonframework.config.Configuration axon) {
        return AggregateSnapshotter.builder()
                .eventStore(axon.eventStore())
                .aggregateFactories(new GenericAggregateFactory<>(AnnotatedAggregateMetaModelFactory.inspectAggregate(
                        CreditAccount.class, axon.parameterResolverFactory(), axon.handlerDefinition(CreditAccount.class))))
                .parameterResolverFactory(axon.parameterResolverFactory())
                .handlerDefinition(axon.handlerDefinition(CreditAccount.class))
                .transactionManager(axon.getComponent(TransactionManager.class))
                .executor(Executors.newSingleThreadExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "account-snapshotter");
                    thread.setDaemon(true);
                    return thread;
                }))
                .build();
    }
}

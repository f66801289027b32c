package com.creditledger.api.account;

import com.creditledger.account.AccountTargetResolver;
import com.creditledger.account.Accounts;
import com.creditledger.account.CreditAccount;
import com.creditledger.pricing.PriceCatalog;
import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import org.axonframework.commandhandling.gateway.CommandGateway;
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
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.cache.Caching;
import java.time.Clock;
import java.util.OptionalLong;
import java.util.concurrent.Executors;

/**
 * The credit-account aggregate and what its handlers are given: the price catalog, the request
 * history, the clock. Registered here, not by annotation, so billing-core stays free of Spring.
 */
@Configuration
public class AccountConfiguration {

    /** Event timestamps come from the same clock the aggregate decides with. */
    @Bean
    Clock clock() {
        Clock clock = Clock.systemUTC();
        GenericEventMessage.clock = clock;
        return clock;
    }

    @Bean
    PriceCatalog priceCatalog() {
        return PriceCatalog.standard();
    }

    @Bean
    Accounts accounts(CommandGateway commandGateway) {
        return new Accounts(commandGateway);
    }

    /**
     * A strong, bounded cache: Axon's default weak-reference cache is cleared by every young
     * collection under load, so busy accounts would be read back from the store every time.
     */
    @Bean
    Cache creditAccountCache(@Value("${billing.aggregate-cache.size}") long size) {
        CaffeineConfiguration<Object, Object> configuration = new CaffeineConfiguration<>();
        configuration.setMaximumSize(OptionalLong.of(size));
        configuration.setStoreByValue(false);
        var manager = Caching.getCachingProvider("com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider").getCacheManager();
        var cache = manager.getCache("credit-accounts");
        return new JCacheAdapter(cache != null ? cache : manager.createCache("credit-accounts", configuration));
    }

    /** Snapshots are taken on a thread of their own, never in the command's. */
    @Bean
    Snapshotter snapshotter(EventStore eventStore, TransactionManager transactionManager) {
        return AggregateSnapshotter.builder()
                .eventStore(eventStore)
                .aggregateFactories(new GenericAggregateFactory<>(CreditAccount.class))
                .transactionManager(transactionManager)
                .executor(Executors.newSingleThreadExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "account-snapshotter");
                    thread.setDaemon(true);
                    return thread;
                }))
                .build();
    }

    @Bean
    ConfigurerModule creditAccountAggregate(Cache creditAccountCache, Snapshotter snapshotter,
                                            @Value("${billing.snapshot.every-events}") int snapshotThreshold) {
        return configurer -> configurer.configureAggregate(
                AggregateConfigurer.defaultConfiguration(CreditAccount.class)
                        .configureCache(c -> creditAccountCache)
                        .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(snapshotter, snapshotThreshold))
                        .configureCommandTargetResolver(c -> new AccountTargetResolver()));
    }
}

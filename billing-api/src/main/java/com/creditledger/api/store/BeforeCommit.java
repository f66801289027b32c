package com.creditledger.api.store;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Writes the command side holds back until its unit of work (a command, or a whole Kafka batch)
 * is about to commit, then sends in one batch, in the same transaction: the request history's
 * records and the hash chain's links. The read side has its own (ProjectionWrites); neither
 * side borrows the other's.
 */
public final class BeforeCommit {

    private BeforeCommit() {
    }

    /**
     * The unit of work's {@code name} resource, made by {@code create} on first use and given to
     * {@code flush} just before the unit of work commits its transaction. Only within a unit of work.
     */
    public static <T> T resource(String name, Supplier<T> create, Consumer<T> flush) {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(name, key -> {
            T resource = create.get();
            root.onPrepareCommit(unitOfWork -> flush.accept(resource));
            return resource;
        });
    }
}

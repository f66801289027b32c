package com.creditledger.api.operations;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

import java.util.List;

/** {@code /actuator/projections}: where each projection stands, and how fast a replay goes. */
@Component
@Endpoint(id = "projections")
public class ProjectionsEndpoint {

    private final ProjectionRebuilds rebuilds;

    public ProjectionsEndpoint(ProjectionRebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    @ReadOperation
    List<ProjectionRebuilds.Progress> projections() {
        return rebuilds.progress();
    }
}

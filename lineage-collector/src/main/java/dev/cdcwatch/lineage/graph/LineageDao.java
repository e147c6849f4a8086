package dev.cdcwatch.lineage.graph;

import dev.cdcwatch.lineage.lag.GroupStatus;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** SQL of the lineage tables. MERGE keeps first-seen and moves last-seen forward only. */
interface LineageDao {

    @SqlBatch("""
            MERGE INTO lineage_node t
            USING (VALUES (CAST(:id AS VARCHAR(700)), CAST(:kind AS VARCHAR(16)), CAST(:name AS VARCHAR(512)),
                           CAST(:cluster AS VARCHAR(180)), CAST(:seen AS BIGINT), CAST(:lagRecords AS BIGINT),
                           CAST(:lagSeconds AS DOUBLE PRECISION), CAST(:status AS VARCHAR(16))))
                AS s(id, kind, name, cluster, seen, lag_records, lag_seconds, status)
            ON t.id = s.id
            WHEN MATCHED THEN UPDATE SET
                last_seen = GREATEST(t.last_seen, s.seen),
                lag_records = COALESCE(s.lag_records, t.lag_records),
                lag_seconds = COALESCE(s.lag_seconds, t.lag_seconds),
                status = COALESCE(s.status, t.status),
                health_time = CASE WHEN s.status IS NULL THEN t.health_time ELSE s.seen END
            WHEN NOT MATCHED THEN INSERT (id, kind, name, cluster, first_seen, last_seen, lag_records, lag_seconds, status, health_time)
                VALUES (s.id, s.kind, s.name, s.cluster, s.seen, s.seen, s.lag_records, s.lag_seconds, s.status,
                        CASE WHEN s.status IS NULL THEN NULL ELSE s.seen END)
            """)
    void touchNodes(@BindMethods List<NodeRow> nodes);

    @SqlBatch("""
            MERGE INTO lineage_edge t
            USING (VALUES (CAST(:sourceId AS VARCHAR(700)), CAST(:targetId AS VARCHAR(700)), CAST(:kind AS VARCHAR(16)),
                           CAST(:via AS VARCHAR(256)), CAST(:declared AS BOOLEAN), CAST(:seen AS BIGINT),
                           CAST(:lagRecords AS BIGINT), CAST(:lagSeconds AS DOUBLE PRECISION), CAST(:status AS VARCHAR(16))))
                AS s(source_id, target_id, kind, via, declared, seen, lag_records, lag_seconds, status)
            ON t.source_id = s.source_id AND t.target_id = s.target_id
            WHEN MATCHED THEN UPDATE SET
                last_seen = GREATEST(t.last_seen, s.seen),
                via = s.via,
                declared = t.declared OR s.declared,
                lag_records = COALESCE(s.lag_records, t.lag_records),
                lag_seconds = COALESCE(s.lag_seconds, t.lag_seconds),
                status = COALESCE(s.status, t.status),
                health_time = CASE WHEN s.status IS NULL THEN t.health_time ELSE s.seen END
            WHEN NOT MATCHED THEN INSERT (source_id, target_id, kind, via, declared, first_seen, last_seen,
                                          lag_records, lag_seconds, status, health_time)
                VALUES (s.source_id, s.target_id, s.kind, s.via, s.declared, s.seen, s.seen, s.lag_records, s.lag_seconds,
                        s.status, CASE WHEN s.status IS NULL THEN NULL ELSE s.seen END)
            """)
    void touchEdges(@BindMethods List<EdgeRow> edges);

    @SqlUpdate("UPDATE lineage_edge SET declared = FALSE WHERE declared")
    void undeclareAll();

    @SqlUpdate("DELETE FROM lineage_edge WHERE NOT declared AND last_seen < :cutoff")
    int deleteStaleEdges(@Bind("cutoff") long cutoffMillis);

    @SqlUpdate("""
            DELETE FROM lineage_node n WHERE n.last_seen < :cutoff
              AND NOT EXISTS (SELECT 1 FROM lineage_edge e WHERE e.source_id = n.id OR e.target_id = n.id)
            """)
    int deleteStaleNodes(@Bind("cutoff") long cutoffMillis);

    @SqlQuery("SELECT * FROM lineage_node ORDER BY kind, id")
    @RegisterRowMapper(NodeMapper.class)
    List<LineageNode> nodes();

    @SqlQuery("SELECT * FROM lineage_edge ORDER BY source_id, target_id")
    @RegisterRowMapper(EdgeMapper.class)
    List<LineageEdge> edges();

    final class NodeMapper implements RowMapper<LineageNode> {
        @Override
        public LineageNode map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new LineageNode(rs.getString("id"), NodeKind.valueOf(rs.getString("kind")), rs.getString("name"),
                    rs.getString("cluster"), rs.getLong("first_seen"), rs.getLong("last_seen"), health(rs));
        }
    }

    final class EdgeMapper implements RowMapper<LineageEdge> {
        @Override
        public LineageEdge map(ResultSet rs, StatementContext ctx) throws SQLException {
            String source = rs.getString("source_id");
            String target = rs.getString("target_id");
            return new LineageEdge(NodeIds.edge(source, target), source, target, EdgeKind.valueOf(rs.getString("kind")),
                    rs.getString("via"), rs.getBoolean("declared"), rs.getLong("first_seen"), rs.getLong("last_seen"), health(rs));
        }
    }

    private static Health health(ResultSet rs) throws SQLException {
        String status = rs.getString("status");
        if (status == null) {
            return null;
        }
        return new Health(rs.getLong("lag_records"), rs.getDouble("lag_seconds"), GroupStatus.valueOf(status), rs.getLong("health_time"));
    }
}

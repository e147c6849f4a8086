package dev.cdcwatch.engine.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cdcwatch.engine.silence.Silence;
import dev.cdcwatch.engine.silence.SilenceMatcher;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;

/** Silences, written through on every change. */
public final class SilenceRepository {

    private static final TypeReference<List<SilenceMatcher>> MATCHERS = new TypeReference<>() { };

    private final Jdbi jdbi;

    public SilenceRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void save(Silence silence) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("DELETE FROM engine_silences WHERE id = :id").bind("id", silence.id()).execute();
            handle.createUpdate("""
                            INSERT INTO engine_silences (id, matchers, starts_at, ends_at, created_by, comment, updated_at)
                            VALUES (:id, :matchers, :startsAt, :endsAt, :createdBy, :comment, :updatedAt)""")
                    .bind("id", silence.id())
                    .bind("matchers", JsonColumns.write(silence.matchers()))
                    .bind("startsAt", silence.startsAt().toEpochMilli())
                    .bind("endsAt", silence.endsAt().toEpochMilli())
                    .bind("createdBy", silence.createdBy())
                    .bind("comment", silence.comment())
                    .bind("updatedAt", silence.updatedAt().toEpochMilli())
                    .execute();
        });
    }

    public List<Silence> loadAll() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM engine_silences")
                .map((rs, ctx) -> new Silence(
                        rs.getString("id"),
                        JsonColumns.read(rs.getString("matchers"), MATCHERS),
                        Instant.ofEpochMilli(rs.getLong("starts_at")),
                        Instant.ofEpochMilli(rs.getLong("ends_at")),
                        rs.getString("created_by"),
                        rs.getString("comment"),
                        Instant.ofEpochMilli(rs.getLong("updated_at"))))
                .list());
    }
}

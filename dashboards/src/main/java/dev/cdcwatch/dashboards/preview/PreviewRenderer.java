package dev.cdcwatch.dashboards.preview;

import dev.cdcwatch.dashboards.Dashboard;
import dev.cdcwatch.dashboards.Dashboards;
import dev.cdcwatch.dashboards.VariableInterpolator;
import dev.cdcwatch.dashboards.prometheus.PrometheusClient;
import dev.cdcwatch.dashboards.prometheus.Series;
import dev.cdcwatch.dashboards.prometheus.VariableResolver;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders each dashboard's panels from a Prometheus's data into one PNG per dashboard, laid out as
 * Grafana lays them out, so a reviewer sees what a user sees without running Grafana. The node graph
 * is drawn from a lineage graph when one is given ({@link #withLineage}); other panels fed by the
 * engine (alert history) are drawn as a note.
 *
 * <p>{@code mvn -pl dashboards exec:java -Dexec.args="http://localhost:9090 dashboards/preview 30m"}
 */
public final class PreviewRenderer {

    private static final int WIDTH = 1600;
    private static final int MARGIN = 12;
    private static final int HEADER = 56;
    private static final int GRID_ROW = 30;
    private static final int TITLE_HEIGHT = 22;
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final PrometheusClient prometheus;
    private final Duration rateInterval;
    private final Optional<NodeGraphData> lineage;

    /** @param rateInterval what {@code $__rate_interval} stands for; at least four scrape intervals */
    public PreviewRenderer(PrometheusClient prometheus, Duration rateInterval) {
        this(prometheus, rateInterval, Optional.empty());
    }

    private PreviewRenderer(PrometheusClient prometheus, Duration rateInterval, Optional<NodeGraphData> lineage) {
        this.prometheus = prometheus;
        this.rateInterval = rateInterval;
        this.lineage = lineage;
    }

    /** A renderer that draws node graph panels from this lineage graph, as the engine would serve it. */
    public PreviewRenderer withLineage(NodeGraphData graph) {
        return new PreviewRenderer(prometheus, rateInterval, Optional.of(graph));
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: PreviewRenderer <prometheus url> <output dir> [range, e.g. 30m] [rate interval, e.g. 1m]");
            System.exit(2);
        }
        Duration range = Duration.parse("PT" + (args.length > 2 ? args[2] : "30m").toUpperCase());
        Duration rate = Duration.parse("PT" + (args.length > 3 ? args[3] : "1m").toUpperCase());
        PreviewRenderer renderer = new PreviewRenderer(new PrometheusClient(URI.create(args[0])), rate);
        Instant end = Instant.now();
        for (Path png : renderer.renderAll(end.minus(range), end, Path.of(args[1]))) {
            System.out.println(png);
        }
    }

    /** Renders every shipped dashboard with "All" selected where a variable offers it. */
    public List<Path> renderAll(Instant start, Instant end, Path dir) {
        List<Path> files = new ArrayList<>();
        for (Dashboard dashboard : Dashboards.all()) {
            Map<String, String> variables = VariableResolver.resolve(dashboard, prometheus, VariableResolver.Choice.ALL, builtIns(start, end));
            files.add(render(dashboard, variables, start, end, dir));
        }
        return files;
    }

    /** The values of Grafana's built-in variables for this time range. */
    public Map<String, String> builtIns(Instant start, Instant end) {
        return Map.of("__rate_interval", rateInterval.toSeconds() + "s",
                "__interval", step(start, end).toSeconds() + "s",
                "__range", Math.max(1, Duration.between(start, end).toSeconds()) + "s");
    }

    /** Renders one dashboard to {@code dir/<uid>.png}. */
    public Path render(Dashboard dashboard, Map<String, String> variables, Instant start, Instant end, Path dir) {
        List<PanelSpec> panels = PanelSpecs.of(dashboard);
        int rows = panels.stream().mapToInt(p -> p.y() + p.h()).max().orElse(1);
        BufferedImage image = new BufferedImage(WIDTH, HEADER + rows * GRID_ROW + MARGIN, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Theme.BACKGROUND);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Theme.TEXT);
            g.setFont(Theme.HEADING);
            g.drawString(dashboard.title(), MARGIN, 26);
            g.setFont(Theme.BODY);
            g.setColor(Theme.MUTED);
            g.drawString(CLOCK.format(start) + "  to  " + CLOCK.format(end) + "    " + shownVariables(dashboard, variables), MARGIN, 46);
            for (PanelSpec panel : panels) {
                drawPanel(g, panel, variables, start, end);
            }
        } finally {
            g.dispose();
        }
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(dashboard.uid() + ".png");
            ImageIO.write(image, "png", file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the preview of " + dashboard.uid() + " to " + dir, e);
        }
    }

    private void drawPanel(Graphics2D g, PanelSpec panel, Map<String, String> variables, Instant start, Instant end) {
        double column = (WIDTH - 2.0 * MARGIN) / 24;
        Rectangle box = new Rectangle(MARGIN + (int) (panel.x() * column) + 3, HEADER + panel.y() * GRID_ROW + 3,
                (int) (panel.w() * column) - 6, panel.h() * GRID_ROW - 6);
        if (panel.type().equals("row")) {
            g.setColor(Theme.TEXT);
            g.setFont(Theme.TITLE);
            g.drawString(panel.title(), box.x, box.y + 16);
            return;
        }
        g.setColor(Theme.PANEL);
        g.fillRoundRect(box.x, box.y, box.width, box.height, 6, 6);
        g.setColor(Theme.BORDER);
        g.drawRoundRect(box.x, box.y, box.width, box.height, 6, 6);
        g.setColor(Theme.TEXT);
        g.setFont(Theme.TITLE);
        Text.left(g, panel.title(), box.x + 8, box.y + 16, box.width - 16);
        Rectangle area = new Rectangle(box.x + 6, box.y + TITLE_HEIGHT, box.width - 12, box.height - TITLE_HEIGHT - 6);
        g.setFont(Theme.BODY);
        if (panel.type().equals("nodeGraph") && lineage.isPresent()) {
            new NodeGraphPainter(lineage.get()).paint(g, area, panel, List.of());
            return;
        }
        if (panel.engineFed()) {
            g.setColor(Theme.MUTED);
            Text.centered(g, "Data from the cdc-watch engine (Infinity data source), not drawn in this preview",
                    area.x + area.width / 2, area.y + area.height / 2, area.width - 12);
            return;
        }
        List<NamedSeries> data = fetch(panel, variables, start, end);
        if (data.isEmpty()) {
            g.setColor(Theme.MUTED);
            Text.centered(g, "No data", area.x + area.width / 2, area.y + area.height / 2, area.width - 12);
            return;
        }
        painter(panel.type(), start, end).paint(g, area, panel, data);
    }

    private List<NamedSeries> fetch(PanelSpec panel, Map<String, String> variables, Instant start, Instant end) {
        List<NamedSeries> data = new ArrayList<>();
        for (PanelSpec.Target target : panel.targets()) {
            String expr = VariableInterpolator.interpolate(target.expr(), variables);
            List<Series> result = target.instant() ? prometheus.query(expr) : prometheus.queryRange(expr, start, end, step(start, end));
            for (Series series : result) {
                data.add(new NamedSeries(legend(target.legendFormat(), series.labels()), series.labels(), series.samples()));
            }
        }
        return data;
    }

    private static PanelPainter painter(String type, Instant start, Instant end) {
        return switch (type) {
            case "stat" -> new StatPainter();
            case "state-timeline" -> new StateTimelinePainter(start, end);
            case "bargauge" -> new BarGaugePainter();
            case "table" -> new TablePainter();
            default -> new TimeSeriesPainter();
        };
    }

    private static String legend(String format, Map<String, String> labels) {
        if (format.isBlank() || format.equals("__auto")) {
            return labels.toString();
        }
        Matcher matcher = LEGEND_LABEL.matcher(format);
        StringBuilder name = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(name, Matcher.quoteReplacement(labels.getOrDefault(matcher.group(1), "")));
        }
        matcher.appendTail(name);
        return name.toString();
    }

    private static String shownVariables(Dashboard dashboard, Map<String, String> values) {
        Map<String, String> shown = new LinkedHashMap<>();
        dashboard.variables().forEach(v -> shown.put(v.name(), values.get(v.name()).equals(v.allValue()) ? "All" : values.get(v.name())));
        return shown.toString();
    }

    private static Duration step(Instant start, Instant end) {
        return Duration.ofSeconds(Math.max(1, Duration.between(start, end).toSeconds() / 300));
    }
}

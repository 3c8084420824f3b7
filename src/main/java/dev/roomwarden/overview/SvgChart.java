package dev.roomwarden.overview;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One chart as SVG coordinates for the template to draw (no script, no inline style: the CSP allows neither): a value
 * axis from zero with a few round ticks, a label under some buckets, and stacked bars or lines with a dot per bucket.
 * Every bar and dot carries its number as a {@code <title>}, which browsers show on hover.
 */
record SvgChart(List<Tick> valueTicks, List<Tick> bucketTicks, List<Bar> bars, List<Line> lines, String unit) {

    static final int WIDTH = 480;
    static final int HEIGHT = 210;
    static final int LEFT = 40;
    static final int RIGHT = 8;
    static final int TOP = 26;
    static final int BOTTOM = 22;

    /** A tick at this coordinate (y for the value axis, x for the buckets) with its label. */
    record Tick(double at, String label) {
    }

    record Bar(double x, double y, double width, double height, String series, String title) {
    }

    record Point(double x, double y, String title) {
    }

    /** {@code points} as SVG's polyline wants them; the line breaks where a bucket has no value. */
    record Line(String series, List<String> points, List<Point> dots) {
    }

    /** One series: its name in titles ("rooms"), its CSS class, a value per bucket (null: none) and that value in words. */
    record Series(String name, String cssClass, List<Double> values, List<String> texts) {
    }

    static int bottom() {
        return HEIGHT - BOTTOM;
    }

    /** For the template, which may not reach static members: the picture's size, the plot's edges, the labels' rows. */
    public String viewBox() {
        return "0 0 " + WIDTH + " " + HEIGHT;
    }

    public int plotLeft() {
        return LEFT;
    }

    public int plotRight() {
        return WIDTH - RIGHT;
    }

    public int plotBottom() {
        return bottom();
    }

    public int bucketLabelY() {
        return bottom() + 15;
    }

    public int valueLabelX() {
        return LEFT - 5;
    }

    /** Bars of the series in each bucket: stacked (the first at the bottom) or side by side. */
    static SvgChart bars(List<String> bucketLabels, List<String> bucketTitles, List<Series> series, String unit, boolean whole,
            boolean stacked) {
        int n = bucketLabels.size();
        var max = 0.0;
        for (int i = 0; i < n; i++) {
            var sum = 0.0;
            for (var one : series) {
                sum = stacked ? sum + value(one, i) : Math.max(sum, value(one, i));
            }
            max = Math.max(max, sum);
        }
        var scale = Scale.upTo(max, whole);
        var slot = plotWidth() / n;
        var width = stacked ? slot * 0.7 : slot * 0.8 / series.size();
        var bars = new ArrayList<Bar>();
        for (int i = 0; i < n; i++) {
            var base = 0.0;
            for (int s = 0; s < series.size(); s++) {
                var one = series.get(s);
                var value = value(one, i);
                var x = stacked ? LEFT + slot * i + slot * 0.15 : LEFT + slot * i + slot * 0.1 + width * s;
                if (value > 0) {
                    var top = y(base + value, scale.top());
                    bars.add(new Bar(round(x), round(top), round(width), round(y(base, scale.top()) - top), one.cssClass(),
                            bucketTitles.get(i) + ": " + one.texts().get(i)));
                }
                if (stacked) {
                    base += value;
                }
            }
        }
        return new SvgChart(valueTicks(scale, whole), bucketTicks(bucketLabels), bars, List.of(), unit);
    }

    /** A line per series through the middle of each bucket, with a dot (and its title) where the bucket has a value. */
    static SvgChart lines(List<String> bucketLabels, List<String> bucketTitles, List<Series> series, String unit, boolean whole) {
        int n = bucketLabels.size();
        var max = series.stream().flatMap(s -> s.values().stream()).filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElse(0);
        var scale = Scale.upTo(max, whole);
        var slot = plotWidth() / n;
        var lines = new ArrayList<Line>();
        for (var one : series) {
            var runs = new ArrayList<String>();
            var run = new StringBuilder();
            var dots = new ArrayList<Point>();
            for (int i = 0; i < n; i++) {
                var value = one.values().get(i);
                if (value == null) {
                    if (!run.isEmpty()) {
                        runs.add(run.toString().strip());
                        run.setLength(0);
                    }
                    continue;
                }
                var x = round(LEFT + slot * (i + 0.5));
                var y = round(y(value, scale.top()));
                run.append(number(x)).append(',').append(number(y)).append(' ');
                dots.add(new Point(x, y, bucketTitles.get(i) + ": " + one.texts().get(i)));
            }
            if (!run.isEmpty()) {
                runs.add(run.toString().strip());
            }
            lines.add(new Line(one.cssClass(), runs, dots));
        }
        return new SvgChart(valueTicks(scale, whole), bucketTicks(bucketLabels), List.of(), lines, unit);
    }

    /** The value axis: from zero to {@code top} in steps of 1, 2 or 5 times a power of ten, whole ones for counts, at least halves. */
    record Scale(double top, double step) {

        static Scale upTo(double max, boolean whole) {
            if (max <= 0) {
                return new Scale(1, 1);
            }
            var rough = max / 4;
            var power = Math.pow(10, Math.floor(Math.log10(rough)));
            double step = power;
            for (var factor : new double[] {1, 2, 5, 10}) {
                step = factor * power;
                if (step >= rough) {
                    break;
                }
            }
            step = whole ? Math.max(1, Math.round(step)) : Math.max(0.5, step);
            return new Scale(Math.ceil(max / step - 1e-9) * step, step);
        }
    }

    private static List<Tick> valueTicks(Scale scale, boolean whole) {
        var ticks = new ArrayList<Tick>();
        for (int i = 0; i * scale.step() <= scale.top() + 1e-9; i++) {
            var value = i * scale.step();
            ticks.add(new Tick(round(y(value, scale.top())), whole || value == Math.rint(value)
                    ? String.format(Locale.ROOT, "%,d", Math.round(value)) : String.format(Locale.ROOT, "%.1f", value)));
        }
        return ticks;
    }

    /** A tick under each bucket that has a label (null: none), at the bucket's middle. */
    private static List<Tick> bucketTicks(List<String> labels) {
        var slot = plotWidth() / labels.size();
        var ticks = new ArrayList<Tick>();
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i) != null) {
                ticks.add(new Tick(round(LEFT + slot * (i + 0.5)), labels.get(i)));
            }
        }
        return ticks;
    }

    private static double value(Series series, int bucket) {
        var value = series.values().get(bucket);
        return value == null ? 0 : value;
    }

    private static double plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    private static double y(double value, double top) {
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / top);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}

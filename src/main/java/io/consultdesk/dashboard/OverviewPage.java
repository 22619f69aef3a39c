package io.consultdesk.dashboard;

import io.consultdesk.staff.StaffFrame;
import java.util.List;
import java.util.Optional;

/** The overview: requests per week by treatment of interest, and the pipeline funnel, as SVG. */
public record OverviewPage(StaffFrame frame, DeskService.Overview overview, Charts.StackedBars weekly,
                           List<Charts.Step> funnel, Optional<String> clinic, Labels labels, Formats formats) {
    public static final int FUNNEL_WIDTH = 340;

    public String t(String key, Object... args) {
        return frame.t(key, args);
    }

    public String seriesLabel(String code) {
        return code.equals("none") ? t("staff.lead.noInterest") : labels.interest(code);
    }

    /** Colour class of a series: one of a fixed, colour-blind-safe palette in staff.css. */
    public String seriesClass(String code) {
        return "s" + overview.interests().indexOf(code);
    }

    public String stepLabel(String code) {
        return t("staff.funnel." + code);
    }

    public int funnelY(int index) {
        return index * 44;
    }

    public int funnelHeight() {
        return funnel.size() * 44;
    }

    public String weeklySummary() {
        return t("staff.overview.weeklySummary", overview.totalRequests(), DeskService.OVERVIEW_WEEKS);
    }
}

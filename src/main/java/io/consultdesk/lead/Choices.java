package io.consultdesk.lead;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer keys the form offers and the API accepts. Labels live in the message bundle under
 * {@code option.<group>.<key>}; these keys are what is stored, so they never change once shipped.
 */
public final class Choices {
    public static final List<String> PREFERRED_CONTACT = List.of("email", "phone", "text");
    public static final List<String> BEST_TIME = List.of("morning", "afternoon", "evening", "anytime");
    public static final List<String> INTEREST = List.of("tms", "ketamine", "spravato", "unsure");
    public static final List<String> CONDITIONS = List.of("depression", "treatmentResistantDepression", "anxiety",
            "ptsd", "ocd", "phobias", "bipolarDepression", "chronicPain", "suicidalThoughts", "smokingCessation", "other");
    /** The "Could TMS be right for you?" checklist, in the order clinics ask it. */
    public static final List<String> TMS_CHECKLIST = List.of("struggles", "symptoms", "medications", "therapy", "suggested");
    /** The checklist item "I have tried, or am currently on, 3 or more antidepressant medications". */
    public static final String THREE_OR_MORE_MEDICATIONS = "medications";
    public static final List<String> REFERRAL = List.of("search", "doctor", "friend", "social", "insurance", "ad", "other");
    /** "No preference" among a clinic's locations. */
    public static final String ANY_LOCATION = "any";
    /** Living outside the United States. */
    public static final String OUTSIDE_US = "OT";
    /** The condition that opens the crisis panel (../shared/domain/screening.md §3). */
    public static final String SUICIDAL_THOUGHTS = "suicidalThoughts";

    /** USPS codes and names of the states, DC and the territories, as a visitor picks them. */
    public static final Map<String, String> US_STATES = states();

    private Choices() {}

    private static Map<String, String> states() {
        String[] pairs = {
            "AL", "Alabama", "AK", "Alaska", "AZ", "Arizona", "AR", "Arkansas", "CA", "California",
            "CO", "Colorado", "CT", "Connecticut", "DE", "Delaware", "DC", "District of Columbia",
            "FL", "Florida", "GA", "Georgia", "HI", "Hawaii", "ID", "Idaho", "IL", "Illinois",
            "IN", "Indiana", "IA", "Iowa", "KS", "Kansas", "KY", "Kentucky", "LA", "Louisiana",
            "ME", "Maine", "MD", "Maryland", "MA", "Massachusetts", "MI", "Michigan", "MN", "Minnesota",
            "MS", "Mississippi", "MO", "Missouri", "MT", "Montana", "NE", "Nebraska", "NV", "Nevada",
            "NH", "New Hampshire", "NJ", "New Jersey", "NM", "New Mexico", "NY", "New York",
            "NC", "North Carolina", "ND", "North Dakota", "OH", "Ohio", "OK", "Oklahoma", "OR", "Oregon",
            "PA", "Pennsylvania", "RI", "Rhode Island", "SC", "South Carolina", "SD", "South Dakota",
            "TN", "Tennessee", "TX", "Texas", "UT", "Utah", "VT", "Vermont", "VA", "Virginia",
            "WA", "Washington", "WV", "West Virginia", "WI", "Wisconsin", "WY", "Wyoming",
            "AS", "American Samoa", "GU", "Guam", "MP", "Northern Mariana Islands", "PR", "Puerto Rico",
            "VI", "U.S. Virgin Islands",
        };
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}

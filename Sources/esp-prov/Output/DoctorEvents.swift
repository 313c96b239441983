/// The `--json` lines of `esp-prov doctor` (README, "Doctor: will it work here?").
enum DoctorEvents {
    /// One check: `outcome` is `pass`, `fail` or `skipped`; `fix` (null when none) says what to do.
    struct Check: JSONEvent {
        static let name = "check"
        let area: String, check: String, outcome: String, summary: String
        @Nullable var fix: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case area, check, outcome, summary, fix }
    }

    /// The `result`'s own fields: the areas asked about and those with a failed check.
    struct Result: JSONFields {
        let failedAreas: [String]
        let areas: [String]
        enum CodingKeys: String, CodingKey, CaseIterable { case failedAreas = "failed_areas", areas }
    }
}

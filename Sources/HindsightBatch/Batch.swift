import HindsightModel

/// Batch rendering for CI. (Being built.)
public enum Batch {}

package org.qhinguard.common.policy;

import java.util.Optional;

/** The TEFCA exchange purposes (Common Agreement v2, Exchange Purposes SOP). */
public enum ExchangePurpose {
  T_TRTMNT("T-TRTMNT", "Treatment"),
  T_PYMNT("T-PYMNT", "Payment"),
  T_HCO("T-HCO", "Health Care Operations"),
  T_PH("T-PH", "Public Health"),
  T_IAS("T-IAS", "Individual Access Services"),
  T_GOVDTRM("T-GOVDTRM", "Government Benefits Determination");

  private final String code;
  private final String display;

  ExchangePurpose(String code, String display) {
    this.code = code;
    this.display = display;
  }

  public String code() {
    return code;
  }

  public String display() {
    return display;
  }

  public static Optional<ExchangePurpose> fromCode(String code) {
    for (ExchangePurpose p : values()) {
      if (p.code.equals(code)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}

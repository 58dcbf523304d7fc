//! Deterministic wire payloads for the benches and `examples/stream_memory.rs` (which includes
//! this file with `#[path]`): an `orderItems/getAll` page and an `orders/add` request body.
//!
//! The page mixes what real pages hold: every item type, three currencies, amounts with zero,
//! one or two taxes and their breakdown, both arms of the `Data` union (product orders and
//! rebates) and `null` data, `null`able ids and timestamps, a few notes (some with escapes),
//! and `ClaimedUtc` left out of most items. The same seed always gives the same bytes.

#![allow(dead_code)] // Each including target uses a different part.

use std::fmt::Write as _;

/// xorshift64*: small, fast, and the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A value in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True `percent` times out of 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a>(&mut self, values: &[&'a str]) -> &'a str {
        values[self.below(values.len() as u64) as usize]
    }

    /// A version-4 UUID in its hyphenated form.
    pub fn uuid(&mut self) -> String {
        let bytes = (u128::from(self.next()) << 64 | u128::from(self.next())).to_be_bytes();
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .hyphenated()
            .to_string()
    }
}

/// `cents` as a JSON number with two decimals, e.g. `-12.05`.
fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// A `DateTime<Utc>` on the wire, some with fractional seconds.
fn timestamp(rng: &mut Rng) -> String {
    // 2025-01-01T00:00:00Z plus up to a year.
    let seconds = 1_735_689_600 + rng.below(365 * 24 * 3600) as i64;
    let time = chrono::DateTime::from_timestamp(seconds, 0).expect("in range");
    if rng.chance(20) {
        format!(
            "\"{}.{:03}Z\"",
            time.format("%Y-%m-%dT%H:%M:%S"),
            rng.below(1000)
        )
    } else {
        format!("\"{}\"", time.format("%Y-%m-%dT%H:%M:%SZ"))
    }
}

fn nullable(present: bool, value: impl FnOnce() -> String) -> String {
    if present {
        value()
    } else {
        "null".to_owned()
    }
}

const CURRENCIES: &[&str] = &["EUR", "GBP", "CZK"];
const TAX_CODES: &[&str] = &["UK-S", "UK-R", "CZ-S", "CZ-R1", "DE-S", "DE-R"];
/// Item types, weighted roughly like a hotel's: many space and product orders.
const TYPES: &[&str] = &[
    "SpaceOrder",
    "SpaceOrder",
    "SpaceOrder",
    "ProductOrder",
    "ProductOrder",
    "ProductOrder",
    "CityTax",
    "CityTax",
    "NightRebate",
    "ProductOrderRebate",
    "AdditionalExpenseRebate",
    "CancellationFee",
    "Deposit",
    "ExchangeRateDifference",
    "CustomItem",
    "ServiceCharge",
    "CityTaxDiscount",
    "Surcharge",
    "TaxCorrection",
    "ResourceUpgradeFee",
    "InvoiceFee",
];
const NOTES: &[&str] = &[
    "Late check-out",
    "Minibar: 2x water, 1x \"Pilsner\"",
    "Goodwill gesture — room not ready",
    "Transfer from airport\nPaid at reception",
];

/// One `Amount`: `net_cents` before tax, with zero, one or two taxes.
fn write_amount(out: &mut String, rng: &mut Rng, currency: &str, net_cents: i64) {
    let taxes = rng.below(3) as usize;
    let mut parts = Vec::new();
    let mut remaining = net_cents;
    for index in 0..taxes {
        let share = if index + 1 == taxes {
            remaining
        } else {
            remaining / 2
        };
        remaining -= share;
        let rate = [5, 10, 15, 20, 21][rng.below(5) as usize];
        parts.push((rng.pick(TAX_CODES), share, share * rate / 100));
    }
    let tax_total: i64 = parts.iter().map(|part| part.2).sum();
    let _ = write!(
        out,
        "{{\"Currency\":\"{currency}\",\"NetValue\":{},\"GrossValue\":{},\"TaxValues\":[",
        money(net_cents),
        money(net_cents + tax_total)
    );
    for (index, (code, _, tax)) in parts.iter().enumerate() {
        let comma = if index > 0 { "," } else { "" };
        let _ = write!(
            out,
            "{comma}{{\"Code\":\"{code}\",\"Value\":{}}}",
            money(*tax)
        );
    }
    out.push_str("],\"Breakdown\":{\"Items\":[");
    if parts.is_empty() {
        let _ = write!(
            out,
            "{{\"TaxRateCode\":null,\"NetValue\":{},\"TaxValue\":0.00}}",
            money(net_cents)
        );
    }
    for (index, (code, net, tax)) in parts.iter().enumerate() {
        let comma = if index > 0 { "," } else { "" };
        let _ = write!(
            out,
            "{comma}{{\"TaxRateCode\":\"{code}\",\"NetValue\":{},\"TaxValue\":{}}}",
            money(*net),
            money(*tax)
        );
    }
    out.push_str("]}}");
}

fn write_order_item(out: &mut String, rng: &mut Rng, enterprise: &str, services: &[String]) {
    let kind = rng.pick(TYPES);
    let rebate = kind.ends_with("Rebate") || kind == "CityTaxDiscount";
    let unit_count = 1 + rng.below(4) as i64;
    let unit_cents = (500 + rng.below(30_000) as i64) * if rebate { -1 } else { 1 };
    let currency = rng.pick(CURRENCIES);
    let original_currency = rng.pick(CURRENCIES);
    let customer = rng.chance(90);
    let _ =
        write!(
        out,
        "{{\"Id\":\"{}\",\"EnterpriseId\":\"{enterprise}\",\"AccountId\":{},\"AccountType\":{},\
         \"Notes\":{},\"ServiceId\":\"{}\",\"ServiceOrderId\":\"{}\",\"BillId\":{},\
         \"AccountingCategoryId\":{},\"UnitCount\":{unit_count},\"UnitAmount\":",
        rng.uuid(),
        nullable(customer, || format!("\"{}\"", rng.uuid())),
        nullable(customer, || format!("\"{}\"", rng.pick(&["Customer", "Company"]))),
        nullable(rng.chance(15), || serde_json::to_string(rng.pick(NOTES)).expect("text")),
        services[rng.below(services.len() as u64) as usize],
        rng.uuid(),
        nullable(rng.chance(60), || format!("\"{}\"", rng.uuid())),
        nullable(rng.chance(80), || format!("\"{}\"", rng.uuid())),
    );
    write_amount(out, rng, currency, unit_cents);
    out.push_str(",\"Amount\":");
    write_amount(out, rng, currency, unit_cents * unit_count);
    out.push_str(",\"OriginalAmount\":");
    write_amount(
        out,
        rng,
        original_currency,
        unit_cents * unit_count * 27 / 25,
    );
    let _ = write!(
        out,
        ",\"RevenueType\":{},\"CreatorProfileId\":\"{}\",\"UpdaterProfileId\":\"{}\",\
         \"CreatedUtc\":{},\"UpdatedUtc\":{},\"ConsumedUtc\":{},\"CanceledUtc\":{},\
         \"ClosedUtc\":{},\"StartUtc\":{},",
        nullable(rng.chance(95), || format!(
            "\"{}\"",
            rng.pick(&["Service", "Product", "Additional"])
        )),
        rng.uuid(),
        rng.uuid(),
        timestamp(rng),
        timestamp(rng),
        nullable(rng.chance(70), || timestamp(rng)),
        nullable(rng.chance(5), || timestamp(rng)),
        nullable(rng.chance(50), || timestamp(rng)),
        nullable(rng.chance(85), || timestamp(rng)),
    );
    if rng.chance(10) {
        let _ = write!(out, "\"ClaimedUtc\":{},", timestamp(rng));
    }
    let _ = write!(
        out,
        "\"AccountingState\":\"{}\",\"Type\":\"{kind}\",\
         \"Options\":{{\"CanceledWithReservation\":{}}},\"Data\":",
        rng.pick(&["Open", "Open", "Open", "Closed", "Inactive", "Canceled"]),
        rng.chance(3),
    );
    if kind == "ProductOrder" {
        let _ = write!(
            out,
            "{{\"Discriminator\":\"Product\",\"Rebate\":null,\
             \"Product\":{{\"ProductId\":\"{}\",\"AgeCategoryId\":{}}}}}}}",
            rng.uuid(),
            nullable(rng.chance(30), || format!("\"{}\"", rng.uuid())),
        );
    } else if rebate {
        let rebated = if rng.chance(80) {
            format!("\"RebatedItemId\":\"{}\"", rng.uuid())
        } else {
            String::new()
        };
        let _ = write!(
            out,
            "{{\"Discriminator\":\"Rebate\",\"Rebate\":{{{rebated}}},\"Product\":null}}}}"
        );
    } else {
        out.push_str("null}");
    }
}

/// An `orderItems/getAll` response of `items` order items, with `cursor` as its `Cursor`.
pub fn order_items_page(seed: u64, items: usize, cursor: Option<&str>) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(items * 1800 + 64);
    let enterprise = rng.uuid();
    let services: Vec<String> = (0..4).map(|_| rng.uuid()).collect();
    out.push_str("{\"OrderItems\":[");
    for index in 0..items {
        if index > 0 {
            out.push(',');
        }
        write_order_item(&mut out, &mut rng, &enterprise, &services);
    }
    let cursor = cursor.map_or_else(|| "null".to_owned(), |c| format!("\"{c}\""));
    let _ = write!(out, "],\"Cursor\":{cursor}}}");
    out
}

/// An `orders/add` request body (without the envelope the client adds) with `items` ad-hoc
/// items and a few product orders.
pub fn orders_add_request(seed: u64, items: usize) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(items * 300 + 512);
    let _ = write!(
        out,
        "{{\"ServiceId\":\"{}\",\"AccountId\":\"{}\",\"Options\":{{\"DisableItemGrouping\":true}},\
         \"ProductOrders\":[",
        rng.uuid(),
        rng.uuid()
    );
    for index in 0..5 {
        let comma = if index > 0 { "," } else { "" };
        let _ = write!(
            out,
            "{comma}{{\"ProductId\":\"{}\",\"Count\":{}}}",
            rng.uuid(),
            1 + rng.below(3)
        );
    }
    out.push_str("],\"Items\":[");
    for index in 0..items {
        let comma = if index > 0 { "," } else { "" };
        let gross = rng.chance(70);
        let value = money(100 + rng.below(50_000) as i64);
        let _ = write!(
            out,
            "{comma}{{\"Name\":\"Item {index}: {}\",\"UnitCount\":{},\"UnitAmount\":{{\"{}\":{value},\
             \"Currency\":\"{}\",\"TaxCodes\":[\"{}\"]}},\"AccountingCategoryId\":\"{}\",\
             \"ExternalIdentifier\":\"ext-{index:05}\"}}",
            rng.pick(&["Breakfast", "Parking", "Spa access", "Late check-out", "Laundry"]),
            1 + rng.below(5),
            if gross { "GrossValue" } else { "NetValue" },
            rng.pick(CURRENCIES),
            rng.pick(TAX_CODES),
            rng.uuid(),
        );
    }
    let _ = write!(
        out,
        "],\"ConsumptionUtc\":{},\"Notes\":\"Conference package\",\"BillId\":\"{}\"}}",
        timestamp(&mut rng),
        rng.uuid()
    );
    out
}

//! Hand-written serde types for the same wire format as the generated ones, with the same field
//! types (`Uuid`, `DateTime<Utc>`, `Decimal`, `i32`, `Vec`, `Option`) and nothing but plain
//! derives: the limit for typed decoding that the generated models are measured against.
//!
//! Differences on purpose, each the cheapest way serde has:
//! - enums are closed derives with a `#[serde(other)]` unit catch-all (the generated open enums
//!   keep an unknown value's text);
//! - the `Data` union is a struct of its discriminator string and one `Option` per arm (the
//!   generated union is a Rust enum, decoded through a map, that also keeps unknown arms);
//! - no path tracking (`serde_path_to_error`), no checks beyond the types.

#![allow(dead_code)] // The fields are decoded and encoded, never read.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrderItemResult {
    pub order_items: Vec<OrderItem>,
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrderItem {
    pub id: Uuid,
    pub enterprise_id: Uuid,
    pub account_id: Option<Uuid>,
    pub account_type: Option<AccountType>,
    pub notes: Option<String>,
    pub service_id: Uuid,
    pub service_order_id: Uuid,
    pub bill_id: Option<Uuid>,
    pub accounting_category_id: Option<Uuid>,
    pub unit_count: i32,
    pub unit_amount: Amount,
    pub amount: Amount,
    pub original_amount: Amount,
    pub revenue_type: Option<RevenueType>,
    pub creator_profile_id: Uuid,
    pub updater_profile_id: Uuid,
    pub created_utc: Option<DateTime<Utc>>,
    pub updated_utc: Option<DateTime<Utc>>,
    pub consumed_utc: Option<DateTime<Utc>>,
    pub canceled_utc: Option<DateTime<Utc>>,
    pub closed_utc: Option<DateTime<Utc>>,
    pub start_utc: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claimed_utc: Option<DateTime<Utc>>,
    pub accounting_state: Option<AccountingState>,
    #[serde(rename = "Type")]
    pub kind: Option<OrderItemType>,
    pub options: OrderItemOptions,
    pub data: Option<OrderItemData>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Amount {
    pub currency: String,
    pub net_value: Decimal,
    pub gross_value: Decimal,
    pub tax_values: Vec<TaxValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breakdown: Option<TaxBreakdown>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TaxValue {
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Decimal>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TaxBreakdown {
    pub items: Vec<TaxBreakdownItem>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TaxBreakdownItem {
    pub tax_rate_code: Option<String>,
    pub net_value: Decimal,
    pub tax_value: Decimal,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrderItemOptions {
    pub canceled_with_reservation: bool,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrderItemData {
    pub discriminator: String,
    pub rebate: Option<OrderItemRebateData>,
    pub product: Option<OrderItemProductData>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrderItemRebateData {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rebated_item_id: Option<Uuid>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrderItemProductData {
    pub product_id: Uuid,
    pub age_category_id: Option<Uuid>,
}

#[derive(Debug, Deserialize, Serialize)]
pub enum AccountType {
    Customer,
    Company,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Deserialize, Serialize)]
pub enum AccountingState {
    Open,
    Closed,
    Inactive,
    Canceled,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Deserialize, Serialize)]
pub enum RevenueType {
    Service,
    Product,
    Additional,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Deserialize, Serialize)]
pub enum OrderItemType {
    CancellationFee,
    NightRebate,
    ProductOrderRebate,
    AdditionalExpenseRebate,
    Deposit,
    ExchangeRateDifference,
    CustomItem,
    ServiceCharge,
    CityTax,
    CityTaxDiscount,
    SpaceOrder,
    ProductOrder,
    Surcharge,
    TaxCorrection,
    ResourceUpgradeFee,
    InvoiceFee,
    #[serde(other)]
    Unknown,
}

/// `orders/add` request body, as the generated `OrderAddParameters` encodes it.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrderAddParameters {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enterprise_id: Option<Uuid>,
    pub service_id: Uuid,
    pub account_id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<OrderAdditionOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_orders: Option<Vec<ProductOrderParameters>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<ItemParameters>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consumption_utc: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_segment_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bill_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linked_reservation_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<Uuid>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrderAdditionOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disable_item_grouping: Option<bool>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProductOrderParameters {
    pub product_id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_amount: Option<AmountParameters>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_utc: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_utc: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_identifier: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ItemParameters {
    pub name: String,
    pub unit_count: i32,
    pub unit_amount: AmountParameters,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accounting_category_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_identifier: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AmountParameters {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gross_value: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_value: Option<Decimal>,
    pub currency: String,
    pub tax_codes: Vec<String>,
}

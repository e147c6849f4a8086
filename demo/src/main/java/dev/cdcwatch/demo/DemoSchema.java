package dev.cdcwatch.demo;

import dev.cdcwatch.testkit.mariadb.MariaDbServer;

/** The two small demo databases the reference job captures. */
final class DemoSchema {

    static final String SHOP = "shop";
    static final String BILLING = "billing";

    private DemoSchema() {
    }

    static void create(MariaDbServer db) {
        db.execute(
                "CREATE DATABASE IF NOT EXISTS " + SHOP,
                "CREATE TABLE IF NOT EXISTS shop.customers (id BIGINT PRIMARY KEY, name VARCHAR(60), city VARCHAR(40))",
                "CREATE TABLE IF NOT EXISTS shop.orders (id BIGINT PRIMARY KEY, customer_id BIGINT, amount DECIMAL(10,2), "
                        + "status VARCHAR(20), updated_at TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP(3))",
                "CREATE DATABASE IF NOT EXISTS " + BILLING,
                "CREATE TABLE IF NOT EXISTS billing.invoices (id BIGINT PRIMARY KEY, order_id BIGINT, total DECIMAL(10,2), paid BOOLEAN)",
                "INSERT IGNORE INTO shop.customers VALUES (1, 'Ada', 'London'), (2, 'Grace', 'Arlington'), (3, 'Linus', 'Helsinki')",
                "INSERT IGNORE INTO shop.orders (id, customer_id, amount, status) VALUES (1, 1, 12.50, 'new'), (2, 2, 99.00, 'paid')",
                "INSERT IGNORE INTO billing.invoices VALUES (1, 2, 99.00, TRUE)");
    }
}

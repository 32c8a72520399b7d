import sqlite3
from datetime import datetime

class Customer:
    def __init__(self, name, birthday, age, sex, phone):
        self.name = name
        self.birthday = birthday
        self.age = age
        self.sex = sex
        self.phone = phone

class UI:
    def __init__(self):
        self.connection = sqlite3.connect('client.db')
        self.cursor = self.connection.cursor()

        # Create customer table if it doesn't exist
        self.cursor.execute('''
            CREATE TABLE IF NOT EXISTS customers (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL,
                birthday TEXT NOT NULL,
                age INTEGER NOT NULL,
                sex TEXT NOT NULL,
                phone TEXT NOT NULL
            )
        ''')
        self.connection.commit()

    def add_customer(self, customer):
        self.cursor.execute('''
            INSERT INTO customers (name, birthday, age, sex, phone) VALUES (?, ?, ?, ?, ?)
        ''', (customer.name, customer.birthday, customer.age, customer.sex, customer.phone))
        self.connection.commit()

    def delete_customer(self, customer_id):
        self.cursor.execute('''
            DELETE FROM customers WHERE id = ?
        ''', (customer_id,))
        self.connection.commit()

    def modify_customer(self, customer_id, new_customer):
        self.cursor.execute('''
            UPDATE customers SET name = ?, birthday = ?, age = ?, sex = ?, phone = ? WHERE id = ?
        ''', (new_customer.name, new_customer.birthday, new_customer.age, new_customer.sex, new_customer.phone, customer_id))
        self.connection.commit()

    def query_customer(self, name):
        self.cursor.execute('''
            SELECT * FROM customers WHERE name = ?
        ''', (name,))
        return self.cursor.fetchone()

    def close(self):
        self.connection.close()

if __name__ == "__main__":
    ui = UI()
    # Add a new customer
    customer = Customer("John Doe", datetime(1990, 1, 1), 30, "Male", "123-456-7890")
    ui.add_customer(customer)

    # Query a customer
    customer = ui.query_customer("John Doe")
    print(customer)

    # Modify a customer
    new_customer = Customer("John Doe", datetime(1991, 1, 1), 31, "Male", "123-456-7891")
    ui.modify_customer(1, new_customer)

    # Delete a customer
    ui.delete_customer(1)

    ui.close()

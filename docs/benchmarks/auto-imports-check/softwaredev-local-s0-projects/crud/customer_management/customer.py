# imports added by sopgraph: names this file used without importing them
import sqlite3
class Customer:
    def __init__(self, name, birthday, age, sex, phone):
        self.name = name
        self.birthday = birthday
        self.age = age
        self.sex = sex
        self.phone = phone

    def add(self):
        # Add the customer to the database
        conn = sqlite3.connect('client.db')
        cursor = conn.cursor()
        cursor.execute("INSERT INTO customer (name, birthday, age, sex, phone) VALUES (?, ?, ?, ?, ?)",
                      (self.name, self.birthday, self.age, self.sex, self.phone))
        conn.commit()
        conn.close()

    def delete(self):
        # Delete the customer from the database
        conn = sqlite3.connect('client.db')
        cursor = conn.cursor()
        cursor.execute("DELETE FROM customer WHERE name=?", (self.name,))
        conn.commit()
        conn.close()

    def modify(self):
        # Modify the customer's information in the database
        conn = sqlite3.connect('client.db')
        cursor = conn.cursor()
        cursor.execute("UPDATE customer SET name=?, birthday=?, age=?, sex=?, phone=? WHERE name=?",
                      (self.name, self.birthday, self.age, self.sex, self.phone, self.name))
        conn.commit()
        conn.close()

    def query(self):
        # Query the customer's information from the database
        conn = sqlite3.connect('client.db')
        cursor = conn.cursor()
        cursor.execute("SELECT * FROM customer WHERE name=?", (self.name,))
        result = cursor.fetchone()
        conn.close()
        return result

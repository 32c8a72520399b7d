import sqlite3

class Customer:
    def __init__(self, name, birthday, age, sex, phone):
        self.name = name
        self.birthday = birthday
        self.age = age
        self.sex = sex
        self.phone = phone

    def add(self):
        with sqlite3.connect('client.db') as conn:
            cursor = conn.cursor()
            cursor.execute("INSERT INTO customers (name, birthday, age, sex, phone) VALUES (?, ?, ?, ?, ?)",
                           (self.name, self.birthday, self.age, self.sex, self.phone))
            conn.commit()

    def delete(self):
        with sqlite3.connect('client.db') as conn:
            cursor = conn.cursor()
            cursor.execute("DELETE FROM customers WHERE name = ?", (self.name,))
            conn.commit()

    def modify(self):
        with sqlite3.connect('client.db') as conn:
            cursor = conn.cursor()
            cursor.execute("UPDATE customers SET birthday = ?, age = ?, sex = ?, phone = ? WHERE name = ?",
                           (self.birthday, self.age, self.sex, self.phone, self.name))
            conn.commit()

    def query(self):
        with sqlite3.connect('client.db') as conn:
            cursor = conn.cursor()
            cursor.execute("SELECT * FROM customers WHERE name = ?", (self.name,))
            return cursor.fetchone()

    def display(self):
        print(f"Name: {self.name}")
        print(f"Birthday: {self.birthday}")
        print(f"Age: {self.age}")
        print(f"Sex: {self.sex}")
        print(f"Phone: {self.phone}")

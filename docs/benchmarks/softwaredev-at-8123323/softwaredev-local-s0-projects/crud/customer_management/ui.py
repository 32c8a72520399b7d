import sqlite3

class Database:
    def __init__(self, name):
        self.name = name
        self.connection = sqlite3.connect(name)
        self.cursor = self.connection.cursor()
        self.create_table_if_not_exists()

    def create_table_if_not_exists(self):
        self.cursor.execute("CREATE TABLE IF NOT EXISTS customers (name TEXT, birthday TEXT, age INTEGER, sex TEXT, phone TEXT)")
        self.connection.commit()

class CRUD:
    def __init__(self, database):
        self.database = database

    def add(self, customer):
        self.database.cursor.execute("INSERT INTO customers (name, birthday, age, sex, phone) VALUES (?, ?, ?, ?, ?)",
                           (customer.name, customer.birthday, customer.age, customer.sex, customer.phone))
        self.database.connection.commit()

    def delete(self, name):
        self.database.cursor.execute("DELETE FROM customers WHERE name = ?", (name,))
        self.database.connection.commit()

    def modify(self, customer):
        self.database.cursor.execute("UPDATE customers SET birthday = ?, age = ?, sex = ?, phone = ? WHERE name = ?",
                           (customer.birthday, customer.age, customer.sex, customer.phone, customer.name))
        self.database.connection.commit()

    def query(self, name):
        self.database.cursor.execute("SELECT * FROM customers WHERE name = ?", (name,))
        return self.database.cursor.fetchone()

    def display_all(self):
        self.database.cursor.execute("SELECT * FROM customers")
        return self.database.cursor.fetchall()

class UI:
    def __init__(self, crud):
        self.crud = crud

    def display_menu(self):
        print("Customer Management Menu:")
        print("1. Add Customer")
        print("2. Delete Customer")
        print("3. Modify Customer")
        print("4. Query Customer")
        print("5. Display All Customers")
        print("6. Exit")

if __name__ == "__main__":
    from customer import Customer
    database = Database("client.db")
    crud = CRUD(database)
    ui = UI(crud)

    while True:
        ui.display_menu()
        choice = input("Enter your choice: ")

        if choice == "1":
            name = input("Enter customer name: ")
            birthday = input("Enter customer birthday: ")
            age = input("Enter customer age: ")
            sex = input("Enter customer sex: ")
            phone = input("Enter customer phone: ")
            customer = Customer(name, birthday, age, sex, phone)
            crud.add(customer)
            print("Customer added successfully.")
        elif choice == "2":
            name = input("Enter customer name: ")
            crud.delete(name)
            print("Customer deleted successfully.")
        elif choice == "3":
            name = input("Enter customer name: ")
            age = input("Enter customer age: ")
            sex = input("Enter customer sex: ")
            phone = input("Enter customer phone: ")
            customer = Customer(name, age, sex, phone)
            crud.modify(customer)
            print("Customer modified successfully.")
        elif choice == "4":
            name = input("Enter customer name: ")
            customer = crud.query(name)
            if customer:
                print("Customer found:")
                print(f"Name: {customer.name}")
                print(f"Birthday: {customer.birthday}")
                print(f"Age: {customer.age}")
                print(f"Sex: {customer.sex}")
                print(f"Phone: {customer.phone}")
            else:
                print("Customer not found.")
        elif choice == "5":
            customers = crud.display_all()
            if customers:
                print("All customers:")
                for customer in customers:
                    print(f"Name: {customer.name}")
                    print(f"Birthday: {customer.birthday}")
                    print(f"Age: {customer.age}")
                    print(f"Sex: {customer.sex}")
                    print(f"Phone: {customer.phone}")
            else:
                print("No customers found.")
        elif choice == "6":
            break
        else:
            print("Invalid choice. Please try again.")

if __name__ == "__main__":
    main()

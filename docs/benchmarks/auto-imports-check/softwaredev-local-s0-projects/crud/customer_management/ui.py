# imports added by sopgraph: names this file used without importing them
import sqlite3
from customer import Customer

class UI:
    def __init__(self, cursor, conn):
        self.cursor = cursor
        self.conn = conn

    def start(self):
        # Start the user interface
        print("Welcome to the Customer Management System!")
        while True:
            print("1. Add Customer")
            print("2. Delete Customer")
            print("3. Modify Customer")
            print("4. Query Customer")
            print("5. Exit")
            choice = input("Enter your choice: ")
            if choice == "1":
                self.add_customer()
            elif choice == "2":
                self.delete_customer()
            elif choice == "3":
                self.modify_customer()
            elif choice == "4":
                self.query_customer()
            elif choice == "5":
                print("Exiting...")
                break
            else:
                print("Invalid choice. Please try again.")

    def add_customer(self):
        # Add a customer to the database
        name = input("Enter customer name: ")
        birthday = input("Enter customer birthday: ")
        age = input("Enter customer age: ")
        sex = input("Enter customer sex: ")
        phone = input("Enter customer phone: ")
        customer = Customer(name, birthday, age, sex, phone)
        customer.add()
        print("Customer added successfully!")

    def delete_customer(self):
        # Delete a customer from the database
        name = input("Enter customer name to delete: ")
        customer = Customer(name)
        customer.delete()
        print("Customer deleted successfully!")

    def modify_customer(self):
        # Modify a customer's information in the database
        name = input("Enter customer name to modify: ")
        customer = Customer(name)
        customer.modify()
        print("Customer modified successfully!")

    def query_customer(self):
        # Query the customer's information from the database
        name = input("Enter customer name to query: ")
        customer = Customer(name)
        result = customer.query()
        if result is not None:
            print(f"Customer found: {result}")
        else:
            print("Customer not found.")

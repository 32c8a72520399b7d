import sqlite3
from datetime import datetime
from customer import Customer
from ui import UI

class Main:
    def __init__(self):
        self.ui = UI()

    def run(self):
        while True:
            print("\nCustomer Management Program")
            print("1. Add Customer")
            print("2. Delete Customer")
            print("3. Modify Customer")
            print("4. Query Customer")
            print("5. Exit")
            choice = input("Enter your choice: ")

            if choice == "1":
                name = input("Enter customer name: ")
                birthday = input("Enter customer birthday (YYYY-MM-DD): ")
                age = int(input("Enter customer age: "))
                sex = input("Enter customer sex: ")
                phone = input("Enter customer phone: ")
                customer = Customer(name, datetime.strptime(birthday, "%Y-%m-%d"), age, sex, phone)
                self.ui.add_customer(customer)
            elif choice == "2":
                customer_id = int(input("Enter customer ID to delete: "))
                self.ui.delete_customer(customer_id)
            elif choice == "3":
                customer_id = int(input("Enter customer ID to modify: "))
                name = input("Enter new customer name: ")
                birthday = input("Enter new customer birthday (YYYY-MM-DD): ")
                age = int(input("Enter new customer age: "))
                sex = input("Enter new customer sex: ")
                phone = input("Enter new customer phone: ")
                new_customer = Customer(name, datetime.strptime(birthday, "%Y-%m-%d"), age, sex, phone)
                self.ui.modify_customer(customer_id, new_customer)
            elif choice == "4":
                name = input("Enter customer name to query: ")
                customer = self.ui.query_customer(name)
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
                print("Exiting the program...")
                break
            else:
                print("Invalid choice. Please try again.")

if __name__ == "__main__":
    main = Main()
    main.run()

import sqlite3
from customer import Customer
from ui import UI
# imports added by sopgraph: names this file used without importing them
from ui import Database, CRUD

def main():
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
